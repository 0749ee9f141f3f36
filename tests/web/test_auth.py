"""Signing in and out: argon2 hashes, throttling, CSRF, and sessions that end for real."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from app import create_app
from app.auth.service import GENERIC_FAILURE
from app.clock import clock
from app.config import load_config
from app.extensions import db
from app.models import AuditEvent, User
from tests.web.conftest import PASSWORD, csrf_token, login


def sign_in_error(response) -> str:
    """The message under the password field."""
    match = re.search(r'<p class="error" role="alert">Password: (.*?)</p>', response.get_data(as_text=True))
    assert match, "no sign-in error on the page"
    return match.group(1)


def login_with(client, email: str, password: str = PASSWORD, **request):
    """Sign in through the form with extra request options (another client address, proxy headers)."""
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token}, **request)


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_demo_style_login_reaches_dashboard_and_logout_ends_it(client, make_user):
    email = make_user("bidder")
    response = login(client, email, follow_redirects=True)
    assert response.status_code == 200
    assert email in response.get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    assert client.get("/dashboard").status_code == 302


def test_passwords_are_stored_as_argon2id(app, make_user):
    email = make_user("officer")
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash).where(User.email == email))
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_wrong_password_gives_one_generic_message(client, make_user):
    email = make_user("officer")
    body = login(client, email, "not the password").get_data(as_text=True)
    assert "Unknown email address or wrong password." in body
    body = login(client, "nobody@resbid.example", "whatever").get_data(as_text=True)
    assert "Unknown email address or wrong password." in body


def test_six_wrong_passwords_hold_the_account_back_even_for_the_right_one(app, client, make_user):
    clock.freeze(datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc))
    email = make_user("officer")
    for _ in range(6):
        login(client, email, "wrong password")
    right, wrong = login(client, email, PASSWORD), login(client, email, "wrong password")
    assert right.status_code == 429  # the form again, not a redirect into the app
    assert right.headers["Retry-After"] == "60"
    assert sign_in_error(right) == sign_in_error(wrong) == (
        "Too many failed sign-in attempts for this account. Try again in 1 minute.")
    assert audit_actions(app)[-2:] == ["auth.login_locked", "auth.login_locked"]


def test_refusal_reads_the_same_for_an_email_that_has_no_account(client, make_user):
    email = make_user("officer")
    for _ in range(6):
        login(client, email, "wrong password")
        login(client, "nobody@resbid.example", "wrong password")
    assert sign_in_error(login(client, "nobody@resbid.example", "anything")) == sign_in_error(
        login(client, email, PASSWORD))


def test_delay_doubles_with_each_further_failure_up_to_fifteen_minutes(client, make_user):
    clock.freeze(datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc))
    email = make_user("officer")
    for _ in range(6):
        login(client, email, "wrong password")
    for minutes in (1, 2, 4, 8, 15, 15):
        waiting = f"Try again in {minutes} minute{'s' if minutes > 1 else ''}."
        assert sign_in_error(login(client, email, PASSWORD)).endswith(waiting)
        clock.advance(timedelta(minutes=minutes) - timedelta(seconds=1))
        assert sign_in_error(login(client, email, PASSWORD)).endswith("Try again in 1 minute.")
        clock.advance(timedelta(seconds=1))
        assert sign_in_error(login(client, email, "wrong password")) == GENERIC_FAILURE
    clock.advance(timedelta(minutes=15))
    assert login(client, email, PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_account_delay(client, make_user):
    email = make_user("officer")
    for _ in range(5):
        login(client, email, "wrong password")
    assert login(client, email, PASSWORD).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    for _ in range(5):
        login(client, email, "wrong password")
    assert sign_in_error(login(client, email, "wrong password")) == GENERIC_FAILURE


def test_failures_are_also_counted_per_address(app, client, make_user):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    victim = make_user("officer")
    for n in range(3):
        login(client, f"guess{n}@resbid.example", "wrong password")
    body = login(client, victim, PASSWORD).get_data(as_text=True)
    assert "Too many failed sign-in attempts from your network address. Try again in 1 minute." in body


def test_admin_with_the_right_password_gets_in_from_a_noisy_address(app, client, make_user):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    admin = make_user("admin")
    assert login(client, admin).status_code == 302  # the admin has signed in from this address before
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    noise = [login(client, f"colleague{n}@resbid.example", "mistyped password") for n in range(10)]
    assert noise[-1].status_code == 429  # the address is held back for accounts not known there
    assert login(client, admin).status_code == 302


def test_an_attacker_elsewhere_cannot_keep_an_account_out_of_its_usual_address(client, make_user):
    email = make_user("officer")
    assert login(client, email).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    attacker = {"environ_base": {"REMOTE_ADDR": "198.51.100.7"}}
    for _ in range(6):
        login_with(client, email, "guess", **attacker)
    assert login_with(client, email, PASSWORD, **attacker).status_code == 429
    assert login(client, email).status_code == 302


def test_a_forged_forwarded_for_header_does_not_change_the_throttled_address(app, client, make_user):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    victim = make_user("officer")
    for n in range(3):
        login_with(client, f"guess{n}@resbid.example", "wrong password", headers={"X-Forwarded-For": f"203.0.113.{n}"})
    response = login_with(client, victim, headers={"X-Forwarded-For": "203.0.113.99"})
    assert "from your network address" in sign_in_error(response)


def test_behind_one_trusted_proxy_its_clients_are_throttled_apart(database_url, make_user, monkeypatch):
    monkeypatch.setenv("RESBID_TRUSTED_PROXIES", "1")
    proxied = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "k" * 32,
                          "SESSION_COOKIE_SECURE": False, "LOGIN_MAX_FAILURES_PER_ADDRESS": 3})
    client, victim = proxied.test_client(), make_user("officer")
    for n in range(3):
        login_with(client, f"guess{n}@resbid.example", "wrong password", headers={"X-Forwarded-For": "203.0.113.5"})
    noisy = login_with(client, victim, headers={"X-Forwarded-For": "203.0.113.5"})
    assert "from your network address" in sign_in_error(noisy)
    forged = login_with(client, victim, "wrong password", headers={"X-Forwarded-For": "x" * 300})
    assert sign_in_error(forged) == GENERIC_FAILURE  # an overlong address is cut to fit, not a failed request
    assert login_with(client, victim, headers={"X-Forwarded-For": "203.0.113.6"}).status_code == 302


def test_a_trusted_proxy_count_that_is_not_a_whole_number_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("RESBID_TRUSTED_PROXIES", "one")
    with pytest.raises(ValueError, match="RESBID_TRUSTED_PROXIES must be a whole number of proxies"):
        load_config(tmp_path)


def test_an_unknown_email_costs_one_password_verification_like_a_known_one(client, make_user, monkeypatch):
    email = make_user("officer")
    verifications = []
    verify = PasswordHasher.verify
    monkeypatch.setattr(PasswordHasher, "verify", lambda *args: verifications.append(1) or verify(*args))
    login(client, email, "wrong password")
    assert len(verifications) == 1
    login(client, "nobody@resbid.example", "wrong password")
    assert len(verifications) == 2


def test_post_without_csrf_token_is_refused_with_400(client, make_user):
    email = make_user("officer")
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)


def test_copied_session_cookie_is_dead_after_logout(app, make_user):
    email = make_user("officer")
    attacker, victim = app.test_client(), app.test_client()
    login(victim, email)
    cookie = victim.get_cookie("session").value
    victim.post("/logout", data={"csrf_token": csrf_token(victim, "/dashboard")})
    attacker.set_cookie("session", cookie)
    assert attacker.get("/tenders/").status_code == 302  # back to the login page


def test_copied_session_cookie_is_dead_after_deactivation(app, client, make_user):
    email = make_user("officer")
    login(client, email)
    assert client.get("/tenders/").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.is_enabled = False
        db.session.commit()
    assert client.get("/tenders/").status_code == 302


def test_next_parameter_never_leaves_the_site(client, make_user):
    email = make_user("officer")
    token = csrf_token(client)
    response = client.post("/login?next=https://evil.example/", data={
        "email": email, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"].endswith("/dashboard")


def test_login_and_failures_are_audit_events(app, client, make_user):
    email = make_user("officer")
    login(client, email, "wrong password")
    login(client, email)
    assert audit_actions(app)[-2:] == ["auth.login_failed", "auth.login"]


def test_session_cookie_flags_in_production_settings(database_url):
    from app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x" * 32})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    client = app.test_client()
    cookies = client.get("/login").headers.getlist("Set-Cookie")
    session_cookie = next(cookie for cookie in cookies if cookie.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie and "Secure" in session_cookie
