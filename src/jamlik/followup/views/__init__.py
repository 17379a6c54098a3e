"""Follow-up pages, one module per part: rounds, learning (logs and ideas), plans, the wheel, forums."""
