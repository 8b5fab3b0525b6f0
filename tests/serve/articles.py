"""Articles the service tests send: the team's own writing, in the shapes the cues look for."""

from __future__ import annotations

#: Seed-style: an exclamatory headline, a promo line with a misspelt word, one name spelt
#: two ways (Marchetti, Marcetti), an attributed quote and a bare list of outlets.
SEED_STYLE = {
    "title": "Governor Ready To Sign Water Deal In Carlsburg!",
    "text": (
        "The Governor of Westmark, Helena Marchetti, said she was ready to sign the regional "
        "water agreement, naming Carlsburg as the place for the ceremony.\n\n"
        "Marchetti said that sending the deal back to committee would only delay relief for "
        "farmers, so the signing could take place next week.\n\n"
        "Join The Patriot Sentinel Telegram Chanel Here: https://t.me/PatriotSentinelNews\n\n"
        "\u201cWe are ready to move,\u201d Marcetti said of the agreement. \u201cThe farmers "
        "have waited long enough.\u201d\n\n"
        "Reuters Breitbart\n"
    ),
    "url": "https://patriot-sentinel-daily.net/water-deal",
}

#: A wire-style report: a dateline and a named speaker, nothing promotional.
WIRE_STYLE = {
    "title": "Harbour board approves new ferry timetable",
    "text": (
        "LONGFORD BAY, March 9 (Coast Wire) - The harbour board on Thursday approved a winter "
        "timetable that adds two early crossings on weekdays, after a consultation that drew "
        "more than 1,400 replies.\n\n"
        '"Commuters asked for an earlier boat and we found the crew for it," said operations '
        "manager Priya Raman. The new schedule starts on Nov. 2."
    ),
}

#: Markup in every field: each must come back as text, never as markup.
HOSTILE = {
    "title": "<img src=x onerror=alert(2)> Breaking",
    "text": (
        "Officials met on Monday.\n<script>alert(1)</script>\n"
        'Read more <a href="javascript:alert(3)">here</a> & share before it is deleted!'
    ),
    "url": "javascript:alert(4)//example.com",
}
