# ruff: noqa: E501  (the string tables read better unwrapped)
"""Telegram-only UI strings (kk / ru / en) the shared `[ui]` tables do not carry yet.

`ui(lang, key)` asks `moderation.i18n` first, so a string added there later wins; these
tables are the adapter's own fallback for card labels, command answers and rights reports.
"""

from __future__ import annotations

from moderation.i18n import t

_EXTRA: dict[str, dict[str, str]] = {
    "kk": {
        "command.which_community": "Бұл чат бірнеше қауымдастықты басқарады: {ids}. Команданы қауымдастық атауымен бастаңыз, мысалы: /{command} #{first} …, немесе карточкаға жауап ретінде жіберіңіз.",
        "command.community_not_here": "#{id} деген қауымдастық бұл чатта жоқ. Бары: {ids}.",
        "restore.header": "↩️ {author} пікірі (модератор қалпына келтірді):",
        "card.link": "Сілтеме: {link}",
        "card.language": "Тілі: {language}",
        "card.matches": "Табылған сөздер: {matches}",
        "card.draft_text": "Жауап жобасы:",
        "callback.wrong_chat": "Бұл батырма тек модераторлар чатында жұмыс істейді.",
        "command.usage.check": "Қолданылуы: /check <мәтін>",
        "command.usage.mode": "Қолданылуы: /mode live|dry",
        "command.usage.stats": "Қолданылуы: /stats [күн саны]",
        "command.usage.untrust": "Қолданылуы: /untrust <пайдаланушы>",
        "command.usage.faq_full": "Қолданылуы: /faq add <сұрақ> | <жауап>, /faq del <нөмір>, /faq list",
        "command.words": "Қауымдастық сөздері:\n{items}",
        "command.banned": "Бұғатталғандар:\n{items}",
        "command.empty": "Тізім бос.",
        "command.untrusted": "{user} сенімді авторлар тізімінен алынды.",
        "command.faq_deleted": "Сұрақ #{id} жойылды.",
        "command.mode_set": "Режим: {value}.",
        "command.stats": "Соңғы {days} күн: {items}",
        "command.check": "Тексеру: {verdict} (тілі: {language}, баға: {score}){matches}",
        "rights.missing": "⚠️ {chat} чатында ботқа құқықтар жетіспейді: {rights}",
        "rights.not_admin": "⚠️ Бот {chat} чатында әкімші емес — пікірлерді өшіре алмайды.",
    },
    "ru": {
        "command.which_community": "Этот чат модерирует несколько сообществ: {ids}. Укажите сообщество первым словом, например: /{command} #{first} …, или отправьте команду ответом на карточку.",
        "command.community_not_here": "Сообщества #{id} в этом чате нет. Есть: {ids}.",
        "restore.header": "↩️ Комментарий {author} (восстановлен модератором):",
        "card.link": "Ссылка: {link}",
        "card.language": "Язык: {language}",
        "card.matches": "Найдено: {matches}",
        "card.draft_text": "Черновик ответа:",
        "callback.wrong_chat": "Эта кнопка работает только в чате модераторов.",
        "command.usage.check": "Использование: /check <текст>",
        "command.usage.mode": "Использование: /mode live|dry",
        "command.usage.stats": "Использование: /stats [число дней]",
        "command.usage.untrust": "Использование: /untrust <пользователь>",
        "command.usage.faq_full": "Использование: /faq add <вопрос> | <ответ>, /faq del <номер>, /faq list",
        "command.words": "Слова сообщества:\n{items}",
        "command.banned": "Заблокированы:\n{items}",
        "command.empty": "Список пуст.",
        "command.untrusted": "{user} удалён(а) из доверенных авторов.",
        "command.faq_deleted": "Вопрос #{id} удалён.",
        "command.mode_set": "Режим: {value}.",
        "command.stats": "За {days} дн.: {items}",
        "command.check": "Проверка: {verdict} (язык: {language}, оценка: {score}){matches}",
        "rights.missing": "⚠️ В чате {chat} боту не хватает прав: {rights}",
        "rights.not_admin": "⚠️ Бот не администратор в чате {chat} — он не сможет удалять комментарии.",
    },
    "en": {
        "command.which_community": "This chat moderates several communities: {ids}. Name one first, e.g. /{command} #{first} …, or send the command as a reply to a card.",
        "command.community_not_here": "This chat has no community #{id}. It has: {ids}.",
        "restore.header": "↩️ Comment by {author} (restored by a moderator):",
        "card.link": "Link: {link}",
        "card.language": "Language: {language}",
        "card.matches": "Matched: {matches}",
        "card.draft_text": "Reply draft:",
        "callback.wrong_chat": "This button only works in the moderators' chat.",
        "command.usage.check": "Usage: /check <text>",
        "command.usage.mode": "Usage: /mode live|dry",
        "command.usage.stats": "Usage: /stats [days]",
        "command.usage.untrust": "Usage: /untrust <user>",
        "command.usage.faq_full": "Usage: /faq add <question> | <answer>, /faq del <id>, /faq list",
        "command.words": "Community words:\n{items}",
        "command.banned": "Banned:\n{items}",
        "command.empty": "The list is empty.",
        "command.untrusted": "{user} is no longer trusted.",
        "command.faq_deleted": "Question #{id} deleted.",
        "command.mode_set": "Mode: {value}.",
        "command.stats": "Last {days} days: {items}",
        "command.check": "Check: {verdict} (language: {language}, score: {score}){matches}",
        "rights.missing": "⚠️ The bot lacks rights in chat {chat}: {rights}",
        "rights.not_admin": "⚠️ The bot is not an admin in chat {chat}: it cannot delete comments.",
    },
}


def ui(lang: str, key: str, **fields: object) -> str:
    """The UI string for `key` in `lang` (shared tables first, then these, then English)."""
    shared = t(lang, key, **fields)
    if shared != key:
        return shared
    table = _EXTRA.get(lang) or _EXTRA["en"]
    template = table.get(key) or _EXTRA["en"].get(key, key)
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError):
        return template
