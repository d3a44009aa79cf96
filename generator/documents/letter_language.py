"""Dates and word lists written out in a letter's language.

A letter goes to a customer in their own language, so "16 November 2026" must read
"16 de noviembre de 2026" in a Spanish letter. Languages without an entry here fall back to
English; a regional code such as `es-mx` uses its base language `es`.
"""

from __future__ import annotations

from datetime import date

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "no": "januar februar mars april mai juni juli august september oktober november desember",
}
_DATE_FORMATS = {
    "en": "{d} {m} {y}",
    "es": "{d} de {m} de {y}",
    "pt": "{d} de {m} de {y}",
    "de": "{d}. {m} {y}",
    "no": "{d}. {m} {y}",
}
_MONTH_YEAR = {"es": "{m} de {y}", "pt": "{m} de {y}"}
_AND = {
    "en": "and",
    "es": "y",
    "fr": "et",
    "de": "und",
    "it": "e",
    "pt": "e",
    "nl": "en",
    "no": "og",
}


def long_date(value: date, language: str = "en") -> str:
    """'16 November 2026', '16 de noviembre de 2026': written out, never ambiguous."""
    base = language.split("-")[0]
    months = MONTHS.get(base, MONTHS["en"]).split()
    pattern = _DATE_FORMATS.get(base, "{d} {m} {y}")
    return pattern.format(d=value.day, m=months[value.month - 1], y=value.year)


def month_year(value: date, language: str = "en") -> str:
    base = language.split("-")[0]
    months = MONTHS.get(base, MONTHS["en"]).split()
    return _MONTH_YEAR.get(base, "{m} {y}").format(m=months[value.month - 1], y=value.year)


def join_words(words: list[str], language: str = "en") -> str:
    """'a, b and c' in the letter's language."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {_AND.get(language.split('-')[0], 'and')} {words[-1]}"


def mid_sentence(text: object) -> str:
    """'Waterproof jacket' -> 'waterproof jacket', but 'GPS watch' and 'iPad' stay as written."""
    value = str(text or "")
    if len(value) > 1 and value[0].isupper() and value[1].islower():
        return value[0].lower() + value[1:]
    return value


# Words playbook itself supplies to a letter, in the languages it knows months for. Data the
# team typed (names, items, interests) is printed as typed.
_CHANNELS = {
    "en": ("e-mail", "phone", "in person", "letter"),
    "es": ("correo electrónico", "teléfono", "en persona", "carta"),
    "fr": ("e-mail", "téléphone", "en personne", "lettre"),
    "de": ("E-Mail", "Telefon", "persönlich", "Brief"),
    "it": ("e-mail", "telefono", "di persona", "lettera"),
    "pt": ("e-mail", "telefone", "pessoalmente", "carta"),
    "nl": ("e-mail", "telefoon", "persoonlijk", "brief"),
    "no": ("e-post", "telefon", "personlig", "brev"),
}
_STAGES = {
    "en": ("customer", "prospective customer", "former customer"),
    "es": ("cliente", "posible cliente", "antiguo cliente"),
    "fr": ("client", "client potentiel", "ancien client"),
    "de": ("Kunde", "Interessent", "ehemaliger Kunde"),
    "it": ("cliente", "potenziale cliente", "ex cliente"),
    "pt": ("cliente", "potencial cliente", "antigo cliente"),
    "nl": ("klant", "mogelijke klant", "voormalige klant"),
    "no": ("kunde", "mulig kunde", "tidligere kunde"),
}
_PAGE_OF = {
    "en": ("Page", "of"),
    "es": ("Página", "de"),
    "fr": ("Page", "sur"),
    "de": ("Seite", "von"),
    "it": ("Pagina", "di"),
    "pt": ("Página", "de"),
    "nl": ("Pagina", "van"),
    "no": ("Side", "av"),
}


def _base(language: str) -> str:
    return language.split("-")[0].lower()


def channel_word(channel: str | None, language: str = "en") -> str:
    """'phone' -> 'teléfono' in a Spanish letter; an unknown channel is printed as it is."""
    if not channel:
        return ""
    words = dict(zip(("email", "phone", "in_person", "letter"), _CHANNELS.get(_base(language), _CHANNELS["en"]), strict=True))
    return words.get(channel, channel.replace("_", " "))


def stage_word(stage: str | None, language: str = "en") -> str:
    """'prospect' -> 'posible cliente': how a letter may name the customer's stage."""
    if not stage:
        return ""
    words = dict(zip(("customer", "prospect", "lost"), _STAGES.get(_base(language), _STAGES["en"]), strict=True))
    return words.get(stage, stage)


def page_words(language: str = "en") -> tuple[str, str]:
    """('Página', 'de'): the words of 'Page 1 of 2' on a letter's continuation pages."""
    return _PAGE_OF.get(_base(language), _PAGE_OF["en"])
