"""E-mail over SMTP: one message per event (or a daily digest), in Dutch, plain text and
HTML, with a link to the nota's page and a signed link to unsubscribe.

STARTTLS and authentication are settings (NOTALEDGER_SMTP_*). Messages carry codes,
references and links, never a civil servant's name.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import smtplib
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape

from adapters.webhooks import Outcome
from domain.errors import InvalidInput

SUBJECTS = {
    "consultation.requested": "Verzoek om afstemming",
    "consultation.reopened": "Afstemming heropend",
    "consultation.withdrawn": "Afstemming ingetrokken",
    "consultation.answered": "Reactie op afstemming ontvangen",
    "consultation.reply_due": "Reactie op afstemming binnenkort verwacht",
    "consultation.overdue": "Reactietermijn afstemming verstreken",
    "note.submitted": "Nota ter besluitvorming aangeboden",
    "note.returned": "Nota teruggestuurd",
    "note.decided": "Besluit genomen over nota",
    "note.letter_sent": "Kamerbrief verzonden",
    "note.published": "Nota actief openbaar gemaakt",
    "commitment.registered": "Toezegging geregistreerd",
    "commitment.due_soon": "Toezegging verloopt over 14 dagen",
    "commitment.overdue": "Toezegging over de termijn",
}
ANSWERS = {"agreed": "akkoord", "agreed_with_remarks": "akkoord met opmerkingen",
           "disagreed": "niet akkoord"}


class UnsubscribeTokens:
    """Signed tokens naming one subscription: whoever holds the link may stop it."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    def make(self, subscription_id: str) -> str:
        mac = hmac.new(self.key, subscription_id.encode(), hashlib.sha256).digest()[:16]
        return f"{subscription_id}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"

    def read(self, token: str) -> str:
        """The subscription a token names; InvalidInput when it was not made here."""
        subscription_id, _, _ = str(token).rpartition(".")
        if not subscription_id or not hmac.compare_digest(self.make(subscription_id), token):
            raise InvalidInput("this unsubscribe link is not valid (it was changed or made "
                               "elsewhere)")
        return subscription_id


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 25
    sender: str = "notaledger@localhost"
    starttls: bool = False
    user: str = ""
    password: str = ""
    timeout: float = 10.0


def _lines(message: dict, base_url: str) -> tuple[str, list[str], str]:
    data = message["data"]
    what = SUBJECTS.get(message["topic"], message["topic"])
    subject = f"{what}: {data.get('reference') or data['aggregateId']}"
    lines = [f"{what}.", ""]
    if data.get("reference"):
        lines.append(f"Kenmerk: {data['reference']} ({data.get('owner') or ''})".rstrip(" ()"))
    if data.get("organisation"):
        lines.append(f"Organisatie: {data['organisation']}")
    if data.get("reply_by") or data.get("due") and message["topic"].startswith("consultation"):
        lines.append(f"Reageren vóór: {data.get('reply_by') or data['due']}")
    elif data.get("due"):
        lines.append(f"Termijn: {data['due']}")
    if data.get("outcome"):
        lines.append(f"Reactie: {ANSWERS.get(data['outcome'], data['outcome'])}")
    lines.append(f"Vastgelegd op: {message['at'][:16].replace('T', ' ')} (UTC)")
    link = base_url.rstrip("/") + data["links"].get("page", data["links"]["self"])
    return subject, lines, link


def compose(messages: list[dict], to: str, settings: SmtpSettings, base_url: str,
            unsubscribe: str, one_click: str) -> EmailMessage:
    """One mail for one message, or a digest of several (oldest first); ``unsubscribe`` is
    the page a person opens, ``one_click`` where mail clients post (RFC 8058)."""
    parts = [_lines(m, base_url) for m in messages]
    subject = parts[0][0] if len(parts) == 1 else f"Dagoverzicht notaledger: " \
                                                  f"{len(parts)} meldingen"
    text, html = [], []
    for _, lines, link in parts:
        text += [*lines, f"Bekijk de nota: {link}", ""]
        html.append("<p>" + "<br>".join(escape(line) for line in lines if line)
                    + f'</p><p><a href="{escape(link)}">Bekijk de nota</a></p>')
    footer = ("U ontvangt dit bericht omdat uw organisatie u heeft aangemeld voor meldingen "
              "uit notaledger.")
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = subject, settings.sender, to
    mail["Date"], mail["Message-ID"] = formatdate(localtime=False), make_msgid("notaledger")
    mail["List-Unsubscribe"] = f"<{one_click}>"
    mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.set_content("\n".join([*text, "--", footer, f"Afmelden: {unsubscribe}", ""]))
    mail.add_alternative(
        '<!doctype html><html lang="nl"><body>' + "<hr>".join(html)
        + f'<hr><p><small>{escape(footer)} <a href="{escape(unsubscribe)}">Afmelden</a>'
        "</small></p></body></html>", subtype="html")
    return mail


class SmtpMailer:
    """Sends mail through one SMTP server, a connection per batch."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send(self, mail: EmailMessage, message_id: str) -> Outcome:
        """Send one mail; ``message_id`` (the delivery's id) goes along for deduplication."""
        started = time.perf_counter()
        mail["X-Notaledger-Delivery"] = message_id
        s = self.settings
        try:
            with smtplib.SMTP(s.host, s.port, timeout=s.timeout) as smtp:
                if s.starttls:
                    smtp.starttls()
                if s.user:
                    smtp.login(s.user, s.password)
                smtp.send_message(mail)
        except (smtplib.SMTPException, OSError) as error:
            code = getattr(error, "smtp_code", None)
            return Outcome(False, code, f"{type(error).__name__}: {error}"[:300],
                           time.perf_counter() - started)
        return Outcome(True, 250, "", time.perf_counter() - started)
