from tests.permission_matrix import ALL_ROLES, ROWS, Row, everyone, only

ROWS += [
    Row("home", "GET", None, everyone()),
    Row("login", "GET", None, everyone(302), anonymous=200),
    Row("logout", "POST", None, everyone(302), anonymous=302),
    Row("password_reset", "GET", None, everyone(), anonymous=200),
    Row("password_reset_done", "GET", None, everyone(), anonymous=200),
    Row(
        "password_reset_confirm",
        "GET",
        lambda w: {"uidb64": "MQ", "token": "bad-token"},
        everyone(),
        anonymous=200,
    ),
    Row("password_reset_complete", "GET", None, everyone(), anonymous=200),
    Row("set_language", "POST", None, everyone(302), anonymous=302, data={"language": "en", "next": "/"}),
    Row("core:organisation", "GET", None, everyone()),
    Row("core:unit_detail", "GET", lambda w: {"code": "A"}, everyone()),
    Row("core:unit_detail", "GET", lambda w: {"code": "NOPE"}, everyone(404), label="missing"),
    # The admin site: staff only; everyone else is sent to the admin login.
    Row("admin:index", "GET", None, only("administrator"), default=302),
]

assert ALL_ROLES

ROWS += [
    Row("health_live", "GET", None, everyone(), anonymous=200),
    Row("health_ready", "GET", None, everyone(), anonymous=200),
]

# Single sign-on: public by nature, but the URLs answer 404 while no identity provider is configured
# (as in the test settings); tests/core/test_oidc.py covers them with one.
ROWS += [
    Row("oidc_start", "GET", None, everyone(404), anonymous=404),
    Row("oidc_callback", "GET", None, everyone(404), anonymous=404),
]
