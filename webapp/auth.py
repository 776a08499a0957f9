"""Accounts for the people who change the archive: reviewers and admins sign in with a name and a
password (the users of the curation database); reading stays public and anonymous. Also the
guards of every state-changing request: a CSRF token (Flask-WTF) on each POST but those of the
read-only query protocols, a rate limit on sign-in attempts (Flask-Limiter), and `require_role`
for the routes that change things."""
from __future__ import annotations

import functools
import hmac
import logging
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, ParamSpec, TypeVar

from flask import Blueprint, Flask, Response, current_app, make_response, redirect, render_template, request, session
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user, login_user, logout_user  # type: ignore[import-untyped]
from flask_wtf.csrf import CSRFError, CSRFProtect  # type: ignore[import-untyped]
from werkzeug.exceptions import Forbidden

from briefgraph.settings import Settings, SettingsError
from briefgraph.store.curation.users import User, Users

from .context import shared
from .curation import curation_db
from .errors import error_response

log = logging.getLogger("briefgraph.webapp")

bp = Blueprint("auth", __name__)

KEY_FILE: Final = "secret_key"
# Per remote address, on POST /sign-in only: enough for a person who mistypes, too few for guessing.
SIGN_IN_LIMITS: Final = "5 per minute;20 per hour"
WRONG: Final = "Unknown name or wrong password"      # never which of the two
# A local path: one "/" then no second "/" or "\" (browsers read "/\evil" as "//evil"), and no
# whitespace or control character (browsers drop tabs and newlines from URLs: "/\t/evil" is "//evil").
LOCAL_PATH: Final = re.compile(r"/(?![/\\])[^\x00-\x20\x7f\\]*")

P = ParamSpec("P")
R = TypeVar("R")


class Account:
    """A signed-in user as Flask-Login handles them (its UserMixin is untyped, so the four
    members it needs are written out here)."""

    def __init__(self, user: User, stamp: str):
        self.user = user
        self.stamp = stamp

    is_authenticated: Final = True
    is_active: Final = True
    is_anonymous: Final = False

    def get_id(self) -> str:
        """What the session keeps: the name and the password's stamp (a new password, or a disabled
        or removed account, then signs the session out on its next request)."""
        return f"{self.user.name}:{self.stamp}"


def secret_key(settings: Settings) -> str:
    """The key that signs session cookies: BRIEFGRAPH_SECRET_KEY, else the one kept in the data
    folder's key file, made on first use (mode 0600) so that sessions survive a restart."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / KEY_FILE
    try:
        if not path.exists():
            _write_key(path)
        key = path.read_text(encoding="ascii").strip()
        if path.stat().st_mode & 0o077:
            log.warning("%s can be read by other users of this machine: chmod 600 it", path)
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"the session key file {path} cannot be made or read ({exc}); make the data folder "
                            "writable, or set BRIEFGRAPH_SECRET_KEY") from None
    if len(key) < 32:
        raise SettingsError(f"the session key file {path} holds no usable key (under 32 characters); "
                            "delete it to have a new one made, or set BRIEFGRAPH_SECRET_KEY")
    return key


def _write_key(path: Path) -> None:
    """Write a new random key to `path` unless another process got there first: the key is written
    whole to a file of its own, then linked to its name, which fails if the name exists, so that
    several workers starting at once all end up reading the one key that won."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32) + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            pass
    finally:
        temp.unlink(missing_ok=True)


def users() -> Users:
    """The app's users, in its curation database."""
    return shared("briefgraph.users", lambda: Users(curation_db()))


def _load(session_id: str) -> Account | None:
    """The account a session names, if it still exists, is enabled and has the password the
    session was opened with; else the request is anonymous."""
    name, _, stamp = session_id.rpartition(":")
    found = users().session(name) if name else None
    if found is None or not hmac.compare_digest(found[1], stamp):
        return None
    return Account(*found)


def current_reviewer() -> User | None:
    """The signed-in user of this request, or None for an anonymous one."""
    account = current_user._get_current_object()
    return account.user if isinstance(account, Account) else None


def require_role(*roles: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A view only a signed-in user of one of `roles` may call (an admin may do all a reviewer may);
    anyone else, anonymous or not, gets 403."""
    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            user = current_reviewer()
            if user is None:
                raise Forbidden(description="Only a signed-in reviewer may do this: sign in first.")
            if user.role not in roles and user.role != "admin":
                raise Forbidden(description=f"A {user.role} may not do this; it takes the role of "
                                            f"{' or '.join(roles)}.")
            return view(*args, **kwargs)
        return guarded
    return decorate


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path of this site, else None (an open redirect is refused)."""
    return target if target and len(target) <= 2000 and LOCAL_PATH.fullmatch(target) else None


def _page(status: int = 200, *, name: str = "", error: str | None = None) -> Response:
    this = {"title": "Sign in", "crumbs": [("Sign in", None)]}
    page = render_template("sign_in.html", this=this, reviewer=current_reviewer(), name=name, error=error,
                           next=safe_next(request.values.get("next")))
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"       # it holds a CSRF token of this session
    return response


@bp.route("/sign-in", methods=["GET"])
def sign_in_form() -> ResponseReturnValue:
    """The sign-in form."""
    return _page()


@bp.route("/sign-in", methods=["POST"])
def sign_in() -> ResponseReturnValue:
    """Sign in with a name and a password; 401 with the form again if they do not match."""
    name, password = request.form.get("name", ""), request.form.get("password", "")
    user = users().verify(name, password)
    found = users().session(user.name) if user is not None else None
    if found is None:
        log.info("sign-in refused for %r from %s", name[:64], request.remote_addr)
        return _page(401, name=name[:64], error=WRONG)
    # a fresh session for the signed-in user: nothing kept from before the sign-in (fixation)
    session.clear()
    login_user(Account(*found), remember=False)
    log.info("%s signed in from %s", found[0].name, request.remote_addr)
    return redirect(safe_next(request.form.get("next")) or "/", code=303)


@bp.route("/sign-out", methods=["POST"])
def sign_out() -> ResponseReturnValue:
    """Sign out, and go home."""
    logout_user()
    session.clear()
    return redirect("/", code=303)


def _csrf_failed(exc: Any) -> Response:
    """A state-changing request without a valid CSRF token: 400 in the app's error body."""
    return error_response(400, f"{exc.description} Reload the page and send the form again.")


def init_app(app: Flask) -> None:
    """Sessions, sign-in, CSRF protection and the sign-in rate limit for the app (after its
    configuration: a test may set SECRET_KEY and CURATION_DB)."""
    settings: Settings = app.config["SETTINGS"]
    https = settings.base_url.startswith("https://")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(settings)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=https,
        # remember-me is never used; were it turned on, its cookie would be as guarded
        REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Lax", REMEMBER_COOKIE_SECURE=https,
    )

    # Every extension is made for this app: each keeps state (limits counted, views exempted) that
    # two apps of one process (the tests) must not share.
    # The limiter first, so that its before_request counts an attempt before CSRF may refuse it.
    limiter = Limiter(get_remote_address, app=app, storage_uri=settings.ratelimit_storage, headers_enabled=True,
                      default_limits=[])
    limiter.limit(SIGN_IN_LIMITS, methods=["POST"], exempt_when=lambda: request.endpoint != "auth.sign_in",
                  error_message="Too many sign-in attempts from your address; wait a minute and try again.")(bp)

    csrf = CSRFProtect(app)
    from . import cypher_endpoint, reconcile, sparql_endpoint
    # Programs POST read-only queries to these, as the SPARQL 1.1 Protocol and the Cypher endpoint
    # allow, with no browser session to hold a token; they change nothing. (The JSON API is GET only.)
    for exempt in (sparql_endpoint.bp, cypher_endpoint.bp, reconcile.bp):
        csrf.exempt(exempt)
    app.register_error_handler(CSRFError, _csrf_failed)

    manager = LoginManager()
    manager.user_loader(_load)
    # Not manager.init_app(app): its after_request reads the session on every response, which makes
    # Flask add "Vary: Cookie" to every public page, and its context processor loads the user for
    # every template, cached pages included. Sessions are read only where a view asks for the user.
    setattr(app, "login_manager", manager)       # where Flask-Login looks for it
    app.register_blueprint(bp)
