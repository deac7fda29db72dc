"""`GET /dashboard/<community>?token=…`: a read-only, server-rendered health page.

The page is plain HTML (no scripts, no build step, nothing fetched from elsewhere), in
kk/ru/en (`?lang=`, default: the community's language), over 7/30/90 days (`?days=`,
default 30). The chart is its own request, `/dashboard/<community>/chart.png` with the
same query: the text paints as soon as the figures are read, without waiting for
matplotlib, and the image fills its reserved box a moment later. Without a configured
token, with a wrong one, or for an unknown community both answer 404, so the link's
existence is not disclosed either.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from html import escape
from urllib.parse import quote

from aiohttp import web

from bot.http.app import HttpApp
from bot.reporting import charts, wording
from bot.reporting.monitor import Monitoring
from moderation.i18n import LANGUAGES, local_time, t
from moderation.stats import combine, top_sources

log = logging.getLogger(__name__)

PATH = "/dashboard/{community}"
CHART_PATH = "/dashboard/{community}/chart.png"
PERIODS = (7, 30, 90)
SHOWN = 15  # unanswered threads listed (oldest first); the heading gives the total
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
     background:#f4f6f8;color:#1d2733}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px}
.period a{margin-right:10px;color:#3b6ea8} .period b{margin-right:10px}
.summary{white-space:pre-line;background:#fff;border-radius:8px;padding:14px 18px;margin:14px 0}
.score{font-size:40px;font-weight:700;color:#16617a;margin-bottom:6px}
.score small{font-size:15px;font-weight:400;color:#52606d}
img{width:100%;height:auto;background:#fff;border-radius:8px}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px;font-size:14px}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid #e6e9ed;vertical-align:top}
th{background:#eef1f4} .empty{color:#7f8c8d}
"""


def _table(headers: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f'<p class="empty">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _post(lang: str, key: str) -> str:
    """ "chat:post" as a manager reads it ("Post 14"); a chat without posts stays as is."""
    _chat, _sep, post = key.rpartition(":")
    return t(lang, "dashboard.post", n=post) if _sep and post else key


def _link(url: str, label: str) -> str:
    if not url.startswith("https://"):
        return ""
    return f'<a href="{escape(url, quote=True)}" rel="noreferrer">{escape(label)}</a>'


class Dashboard:
    def __init__(self, monitoring: Monitoring, token: str) -> None:
        self.monitoring, self.token = monitoring, token

    def mount(self, http: HttpApp) -> None:
        http.add("GET", PATH, self.handle)
        http.add("GET", CHART_PATH, self.chart)

    async def _query(self, request: web.Request) -> tuple[str, str, int, str]:
        """(community, language, days, token) of a request; 404 unless all is right."""
        given = request.query.get("token", "")
        if not self.token or not hmac.compare_digest(given.encode(), self.token.encode()):
            raise web.HTTPNotFound()
        community_id = request.match_info["community"]
        settings = await self.monitoring.repos.communities.get(community_id)
        if settings is None:
            raise web.HTTPNotFound()
        lang = request.query.get("lang", settings.language)
        lang = lang if lang in LANGUAGES else settings.language
        days_arg = request.query.get("days", "30")
        count = int(days_arg) if days_arg.isdigit() and int(days_arg) in PERIODS else 30
        return community_id, lang, count, given

    async def handle(self, request: web.Request) -> web.Response:
        community_id, lang, count, token = await self._query(request)
        page = await self.render(community_id, lang, count, token)
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    async def chart(self, request: web.Request) -> web.Response:
        community_id, lang, count, _token = await self._query(request)
        settings = await self.monitoring.settings(community_id)
        days = await self.monitoring.days(community_id, count)
        if not wording.has_data(days):
            raise web.HTTPNotFound()
        title = t(lang, "chart.title", name=settings.name or community_id, days=count)
        png = await asyncio.to_thread(charts.render, days, lang, title)
        # The figures change every few minutes at most: a reload need not redraw.
        headers = {"Cache-Control": "private, max-age=60"}
        return web.Response(body=png, content_type="image/png", headers=headers)

    async def render(self, community_id: str, lang: str, count: int, token: str) -> str:
        monitoring = self.monitoring
        settings = await monitoring.settings(community_id)
        name = settings.name or community_id
        days = await monitoring.days(community_id, count)
        now = monitoring.clock.now()
        periods = " ".join(
            f"<b>{n}</b>" if n == count
            else f'<a href="?token={quote(token)}&amp;days={n}&amp;lang={lang}">{n}</a>'
            for n in PERIODS
        )  # fmt: skip
        parts = [
            f"<h1>{escape(t(lang, 'dashboard.title', name=name))}</h1>",
            f'<p class="period">{escape(t(lang, "dashboard.period", days=count))}: {periods}</p>',
        ]
        if wording.has_data(days):
            title = t(lang, "chart.title", name=name, days=count)
            query = f"token={quote(token)}&amp;days={count}&amp;lang={lang}"
            summary = wording.summary(lang, name, count, days)
            score = combine(days).health
            parts.append(
                f'<div class="summary"><div class="score">{wording.number(score)}'
                f"<small>/100 · {escape(t(lang, 'chart.health'))}</small></div>"
                f"{escape(summary)}</div>"
            )
            width, height = charts.SIZE  # the page reserves the image's box
            parts.append(
                f'<img alt="{escape(title, quote=True)}" width="{width}" height="{height}" '
                f'src="{quote(community_id)}/chart.png?{query}">'
            )
        else:
            parts.append(f'<div class="summary">{escape(t(lang, "stats.no_data"))}</div>')
        none = t(lang, "dashboard.none")
        sources = [
            [
                _link(item.link, _post(lang, item.key)) or escape(_post(lang, item.key)),
                str(item.count),
            ]
            for item in top_sources(days, 10)
        ]  # fmt: skip
        parts.append(f"<h2>{escape(t(lang, 'dashboard.sources'))}</h2>")
        parts.append(_table(
            [t(lang, "dashboard.col.where"), t(lang, "dashboard.col.count")], sources, none
        ))  # fmt: skip
        threads = await monitoring.unanswered(community_id, SHOWN)
        waiting = await monitoring.threads.count_open(community_id)
        rows = [
            [escape(wording.waiting(lang, th, now)), escape(th.author),
             escape(th.text[:200]) + " " + _link(th.link, t(lang, "dashboard.open"))]
            for th in threads
        ]  # fmt: skip
        parts.append(f"<h2>{escape(t(lang, 'dashboard.unanswered'))} ({waiting})</h2>")
        parts.append(_table(
            [t(lang, "dashboard.col.waiting"), t(lang, "dashboard.col.who"),
             t(lang, "dashboard.col.question")], rows, none,
        ))  # fmt: skip
        if waiting > len(threads):
            parts.append(
                f'<p class="empty">{escape(t(lang, "dashboard.more", n=waiting - len(threads)))}'
                "</p>"
            )
        log_rows = [
            [escape(local_time(line.at, settings.timezone)), escape(line.by),
             escape(t(lang, f"dashboard.state.{line.state}")),
             escape(f"{line.author}: {line.text}")]
            for line in await monitoring.recent_log(community_id)
        ]  # fmt: skip
        parts.append(f"<h2>{escape(t(lang, 'dashboard.log'))}</h2>")
        parts.append(_table(
            [t(lang, "dashboard.col.when"), t(lang, "dashboard.col.who"),
             t(lang, "dashboard.col.what"), t(lang, "dashboard.col.question")], log_rows, none,
        ))  # fmt: skip
        body = "\n".join(parts)
        return (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            '<meta name="robots" content="noindex">'
            f"<title>{escape(t(lang, 'dashboard.title', name=name))}</title>"
            f"<style>{STYLE}</style></head><body><main>{body}</main></body></html>"
        )
