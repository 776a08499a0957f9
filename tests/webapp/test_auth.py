"""Sign-in for reviewers and admins over an app with no stores (the sign-in pages read only the
curation database): the form and its CSRF token, the session cookie's flags, one message for a
wrong name or password, the rate limit on attempts, `next` kept to this site, sessions ended by a
disabled or removed account or a new password, `require_role`, and the query endpoints that stay
open to programs' POSTs without a token."""
import os
import re
import stat
import threading
from dataclasses import replace

import pytest
from flask import Blueprint, jsonify

from briefgraph.settings import Settings
from briefgraph.store.curation.database import Database
from briefgraph.store.curation.users import Users
from briefgraph.webapp import create_app
from briefgraph.webapp.auth import WRONG, current_reviewer, require_role, secret_key
from briefgraph.webapp.security import HEADERS

PASSWORD = "correct horse battery"
JSON = {"Accept": "application/json"}

# Routes of the tests only, to exercise require_role and current_reviewer.
guarded = Blueprint("guarded", __name__)


@guarded.route("/test/admin-only")
@require_role("admin")
def admin_only():
    return "admin things"


@guarded.route("/test/reviewer-only", methods=["GET", "POST"])
@require_role("reviewer")
def reviewer_only():
    return "reviewer things"


@guarded.route("/test/whoami")
def whoami():
    user = current_reviewer()
    return jsonify(None if user is None else {"name": user.name, "role": user.role})


def settings(tmp_path, **changes):
    return replace(Settings.from_env({}), data_dir=tmp_path, base_url="http://briefgraph.test", **changes)


def make_app(tmp_path, **config):
    app = create_app({"TESTING": True, "SETTINGS": settings(tmp_path), "SECRET_KEY": "k" * 40,
                      "CURATION_DB": str(tmp_path / "curation.sqlite"), **config})
    app.register_blueprint(guarded)
    return app


@pytest.fixture
def users(tmp_path):
    made = Users(Database(tmp_path / "curation.sqlite"))
    made.add("alice", "reviewer", PASSWORD)
    made.add("root", "admin", PASSWORD)
    return made


@pytest.fixture
def app(tmp_path, users):
    return make_app(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


def token(client, path="/sign-in"):
    """The CSRF token of the client's session, as the sign-in form carries it."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'<input type="hidden" name="csrf_token" value="([^"]+)">', page).group(1)


def sign_in(client, name="alice", password=PASSWORD, **extra):
    return client.post("/sign-in", data={"csrf_token": token(client), "name": name, "password": password, **extra})


def who(client):
    return client.get("/test/whoami").get_json()


def session_cookie(response):
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0]


def test_the_form_has_a_token_and_no_inline_code(client):
    r = client.get("/sign-in")
    page = r.get_data(as_text=True)
    assert (r.status_code, r.mimetype) == (200, "text/html")
    assert r.headers["Cache-Control"] == "no-store"
    assert r.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
    assert '<form class="filters" action="/sign-in" method="post">' in page
    assert re.search(r'name="csrf_token" value="[^"]{20,}"', page)
    assert 'name="name"' in page and '<input type="password" name="password"' in page
    assert "<script" not in page and "style=" not in page and "<style" not in page


def test_the_right_password_signs_in_with_a_guarded_cookie(client):
    r = sign_in(client)
    assert (r.status_code, r.headers["Location"]) == (303, "/")
    cookie = session_cookie(r)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Expires" not in cookie                                  # a browser session, no remember-me
    assert all(not c.startswith("remember_token") for c in r.headers.getlist("Set-Cookie"))
    assert who(client) == {"name": "alice", "role": "reviewer"}
    page = client.get("/sign-in").get_data(as_text=True)
    assert "Signed in as <strong>alice</strong> (reviewer)." in page
    assert '<form class="filters" action="/sign-out" method="post">' in page


def test_the_cookie_is_secure_when_the_site_is_https(tmp_path, users):
    app = make_app(tmp_path, SETTINGS=replace(settings(tmp_path), base_url="https://briefgraph.test"))
    client = app.test_client()
    page = client.get("/sign-in", base_url="https://briefgraph.test").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = client.post("/sign-in", base_url="https://briefgraph.test",
                    headers={"Referer": "https://briefgraph.test/sign-in"},
                    data={"csrf_token": csrf, "name": "alice", "password": PASSWORD})
    assert r.status_code == 303
    cookie = session_cookie(r)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert app.config["REMEMBER_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_HTTPONLY"] is True


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(client):
    wrong = sign_in(client, "alice", PASSWORD + "!")
    unknown = sign_in(client, "nobody", PASSWORD)
    for r in (wrong, unknown):
        assert (r.status_code, r.mimetype) == (401, "text/html")
        assert r.get_data(as_text=True).count(WRONG) == 1
        assert '<p class="empty error" role="alert">Unknown name or wrong password</p>' in r.get_data(as_text=True)
    # the same page but for the name typed, which the form keeps (and the token, signed with the time)
    def page(r, name):
        return re.sub(r'name="csrf_token" value="[^"]+"', "", r.get_data(as_text=True).replace(f'value="{name}"', ""))
    assert page(wrong, "alice") == page(unknown, "nobody")
    assert who(client) is None


def test_a_disabled_user_cannot_sign_in(client, users):
    users.set_disabled("alice", True)
    r = sign_in(client)
    assert r.status_code == 401 and WRONG in r.get_data(as_text=True)


def test_a_post_without_the_token_is_400_in_the_error_body(client):
    r = client.post("/sign-in", data={"name": "alice", "password": PASSWORD}, headers=JSON)
    assert r.status_code == 400
    assert r.get_json() == {"error": {"status": 400, "title": "Bad Request",
                                      "message": "The CSRF token is missing. Reload the page and send the form again."}}
    assert who(client) is None
    token(client)                                   # the session holds a token; the form sends another
    r = client.post("/sign-in", data={"csrf_token": "forged", "name": "alice", "password": PASSWORD}, headers=JSON)
    assert r.status_code == 400 and r.get_json()["error"]["message"].startswith("The CSRF token is invalid.")
    page = client.post("/sign-out")
    assert (page.status_code, page.mimetype) == (400, "text/html")
    assert "<h1>400: Bad Request</h1>" in page.get_data(as_text=True)
    for name, value in HEADERS.items():
        assert page.headers[name] == value


def test_a_token_of_another_session_is_refused(app, client):
    other = app.test_client()
    token(client)
    r = client.post("/sign-in", data={"csrf_token": token(other), "name": "alice", "password": PASSWORD})
    assert r.status_code == 400


def test_new_routes_need_the_token_too(client):
    assert sign_in(client).status_code == 303
    r = client.post("/test/reviewer-only", headers=JSON)
    assert r.status_code == 400 and "The CSRF token is missing." in r.get_json()["error"]["message"]
    r = client.post("/test/reviewer-only", data={"csrf_token": token(client)})
    assert (r.status_code, r.get_data(as_text=True)) == (200, "reviewer things")


def test_the_sixth_attempt_in_a_minute_is_429(client, app):
    for _ in range(5):
        assert sign_in(client, "alice", "wrong password").status_code == 401
    r = sign_in(client, "alice", PASSWORD)           # right, but one attempt too many
    assert r.status_code == 429
    assert r.headers["Retry-After"].isdigit() and 0 < int(r.headers["Retry-After"]) <= 60
    assert who(client) is None
    r = client.post("/sign-in", headers=JSON, data={"csrf_token": token(client), "name": "alice", "password": PASSWORD})
    assert r.get_json() == {"error": {"status": 429, "title": "Too Many Requests", "message":
                                      "Too many sign-in attempts from your address; wait a minute and try again."}}
    assert client.get("/sign-in").status_code == 200                # the form itself is not limited
    # another address has its own count
    elsewhere = app.test_client()
    r = elsewhere.post("/sign-in", environ_base={"REMOTE_ADDR": "192.0.2.7"},
                       data={"csrf_token": token(elsewhere), "name": "alice", "password": PASSWORD})
    assert r.status_code == 303


def test_the_limit_is_counted_per_app(tmp_path, users):
    """Each app has its own limiter: the attempts on one do not count on another."""
    first, second = make_app(tmp_path).test_client(), make_app(tmp_path).test_client()
    for _ in range(5):
        sign_in(first, "alice", "wrong password")
    assert sign_in(first).status_code == 429
    assert sign_in(second).status_code == 303


def test_signing_out(client):
    assert sign_in(client).status_code == 303
    r = client.post("/sign-out", data={"csrf_token": token(client)})
    assert (r.status_code, r.headers["Location"]) == (303, "/")
    assert who(client) is None


@pytest.mark.parametrize("target", ["//evil.example", "//evil.example/sign-in", "https://evil.example/",
                                    "/\\evil.example", "\\\\evil.example", "/\t/evil.example", "/\n/evil.example",
                                    "javascript:alert(1)", "evil.example", " /briefings", ""])
def test_next_outside_the_site_is_not_followed(client, target):
    page = client.get("/sign-in", query_string={"next": target}).get_data(as_text=True)
    assert 'name="next"' not in page
    r = sign_in(client, next=target)
    assert (r.status_code, r.headers["Location"]) == (303, "/")


@pytest.mark.parametrize("target", ["/briefings", "/search?q=minsk", "/id/person/alexander-lukashenko#x"])
def test_next_on_the_site_is_followed(client, target):
    page = client.get("/sign-in", query_string={"next": target}).get_data(as_text=True)
    assert '<input type="hidden" name="next" value="' in page
    r = sign_in(client, next=target)
    assert (r.status_code, r.headers["Location"]) == (303, target)


def test_require_role(client):
    for path in ("/test/admin-only", "/test/reviewer-only"):
        r = client.get(path, headers=JSON)
        assert r.status_code == 403
        assert r.get_json() == {"error": {"status": 403, "title": "Forbidden",
                                          "message": "Only a signed-in reviewer may do this: sign in first."}}
    assert sign_in(client, "alice").status_code == 303
    r = client.get("/test/admin-only", headers=JSON)
    assert r.status_code == 403
    assert r.get_json()["error"]["message"] == "A reviewer may not do this; it takes the role of admin."
    assert client.get("/test/reviewer-only").get_data(as_text=True) == "reviewer things"


def test_an_admin_may_do_what_a_reviewer_may(client):
    assert sign_in(client, "root").status_code == 303
    assert client.get("/test/admin-only").get_data(as_text=True) == "admin things"
    assert client.get("/test/reviewer-only").get_data(as_text=True) == "reviewer things"


@pytest.mark.parametrize("change", ["disable", "remove", "new password"])
def test_a_session_ends_on_its_next_request_when_the_account_changes(client, users, change):
    assert sign_in(client).status_code == 303
    assert who(client) == {"name": "alice", "role": "reviewer"}
    if change == "disable":
        users.set_disabled("alice", True)
    elif change == "remove":
        users.remove("alice")
    else:
        users.set_password("alice", "another password")
    assert who(client) is None
    assert client.get("/test/reviewer-only").status_code == 403


def test_a_forged_session_id_is_anonymous(app, client):
    with client.session_transaction() as sess:
        sess["_user_id"] = "root:0000000000000000"
        sess["_fresh"] = True
    assert who(client) is None
    with client.session_transaction() as sess:
        sess["_user_id"] = "root"
    assert who(client) is None


def test_public_responses_set_no_cookie_and_do_not_vary_on_it(client):
    """The public pages are the same for everybody (the page cache and HTTP caches rely on it):
    the session is not read for them, signed in or not."""
    for signed_in in (False, True):
        if signed_in:
            assert sign_in(client).status_code == 303
        for path in ("/api/openapi.json", "/no/such/page", "/static/app.css"):
            r = client.get(path)
            assert "Set-Cookie" not in r.headers, path
            assert "Cookie" not in r.headers.get("Vary", ""), path


def test_the_query_endpoints_take_posts_without_a_token(app, client):
    # (and the reconciliation service: a form POST from OpenRefine, which changes nothing)
    exempt = {bp.name for bp in app.extensions["csrf"]._exempt_blueprints}
    assert exempt == {"sparql", "cypher", "reconcile"}
    # each answers with its own refusal, reached only past the CSRF check (no store is read)
    r = client.post("/sparql", data={"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}, headers=JSON)
    assert (r.status_code, r.get_json()["error"]["message"]) == (400, "SPARQL updates are refused: this endpoint is read-only")
    r = client.post("/sparql", data="INSERT DATA { <a:b> <a:c> <a:d> }", headers={
        "Content-Type": "application/sparql-update", **JSON})
    assert r.get_json()["error"]["message"] == "SPARQL updates are refused: this endpoint is read-only"
    r = client.post("/cypher", data={"statement": ""}, headers=JSON)
    assert (r.status_code, r.get_json()["error"]["message"]) == (400, 'no statement: send {"statement": "..."} as JSON, or ?statement=')


def test_the_session_key_is_kept_in_the_data_folder(tmp_path, users):
    """No SECRET_KEY configured: a random key is made once, mode 0600, and read back by the next
    start, so that a session survives a restart."""
    config = {"TESTING": True, "SETTINGS": settings(tmp_path), "CURATION_DB": str(tmp_path / "curation.sqlite")}
    first = create_app(config)
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert re.fullmatch(r"[0-9a-f]{64}\n", key_file.read_text())
    assert first.config["SECRET_KEY"] == key_file.read_text().strip()
    first.register_blueprint(guarded)
    browser = first.test_client()
    assert sign_in(browser).status_code == 303
    restarted = create_app(config)
    restarted.register_blueprint(guarded)
    assert restarted.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    after = restarted.test_client()                       # the same browser's cookie, the new process
    after.set_cookie("session", browser.get_cookie("session").value)
    assert who(after) == {"name": "alice", "role": "reviewer"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".secret_key")] == []


def test_the_secret_key_setting_wins_over_the_file(tmp_path):
    key = "s" * 48
    app = create_app({"TESTING": True, "SETTINGS": settings(tmp_path, secret_key=key)})
    assert app.config["SECRET_KEY"] == key and not (tmp_path / "secret_key").exists()
    assert key not in repr(app.config["SETTINGS"])


def test_workers_starting_at_once_share_one_key(tmp_path):
    keys = []
    start = threading.Barrier(8)

    def worker():
        start.wait()
        keys.append(secret_key(settings(tmp_path)))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert sorted(os.listdir(tmp_path)) == ["secret_key"]


def test_an_unusable_key_file_is_a_clear_error(tmp_path):
    from briefgraph.settings import SettingsError
    (tmp_path / "secret_key").write_text("short\n")
    with pytest.raises(SettingsError, match="holds no usable key"):
        create_app({"TESTING": True, "SETTINGS": settings(tmp_path)})
