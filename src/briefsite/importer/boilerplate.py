"""Line classification: which lines of a scraped page are the site's rather than the article's.

Input: one repaired line. Output: the name of the rule it matches (a kind of boilerplate),
or None for a line that may be article text. The rules are data, grouped by what they
recognise, each with the reason it is safe. Rules that depend on where a line stands
(the header, the author box, the list of other headlines at the end) are applied by
`layout`; this module only answers questions about single lines.
"""

from __future__ import annotations

import re

from briefsite.importer.shape import word_count


def _whole(*alternatives: str) -> re.Pattern[str]:
    """A case-insensitive pattern that must match the whole line (trailing punctuation aside)."""
    return re.compile(r"(?:" + "|".join(alternatives) + r")[\s:.!|»›>→]*", re.I)


# Reading-time stamps. Also searched for at the start or end of a longer line, because
# scraping glues them to the next block ("Reading Time: 5 minutesEstefan is …").
READING_TIME = (
    r"(?:estimated\s+)?reading\s+time\s*:?\s*(?:about\s+)?\d+\s*(?:min(?:ute|uto)?s?|m)(?-i:(?![a-záéíóúñ]))\.?",
    r"(?:read\s+time|lectura)\s*:?\s*\d+\s*min(?:ute|uto)?s?(?-i:(?![a-záéíóúñ]))\.?",
    r"\d+\s*-?\s*min(?:ute|uto)?s?\.?\s+(?:read|de\s+lectura)(?-i:(?![a-záéíóúñ]))",
    r"tiempo\s+(?:estimado\s+)?de\s+lectura\s*:?\s*(?:de\s+)?\d+\s*min(?:ute|uto)?s?(?-i:(?![a-záéíóúñ]))\.?",
)
_READING_TIME_AT_EDGE = re.compile(
    r"^(?:" + "|".join(READING_TIME) + r")|(?:" + "|".join(READING_TIME) + r")$", re.I
)

# Phrases that make up menus, login prompts and share bars. A line made only of these
# (and separators) is site chrome; the same words inside a sentence are left alone.
CHROME_PHRASES = (
    # account and membership prompts
    r"member\s+log\s*in", r"become\s+a\s+member", r"sign\s+in", r"sign\s+up", r"sign\s+out",
    r"log\s*in", r"log\s*out", r"register", r"my\s+account", r"subscribe(?:\s+now)?", r"donate",
    r"iniciar\s+sesión", r"inicia\s+sesión", r"cerrar\s+sesión", r"regístrate", r"registrarse",
    r"suscríbete", r"suscribirse", r"mi\s+cuenta", r"hazte\s+(?:socio|miembro)", r"donar",
    # navigation
    r"menu", r"menú", r"search", r"buscar", r"home", r"inicio", r"skip\s+to\s+(?:main\s+)?content",
    r"learn\s+more", r"más\s+información", r"support\s+(?:us|our\s+work)", r"apóyanos", r"suscribirme",
    # language switches
    r"(?:en\s+)?english", r"(?:en\s+)?español", r"read\s+in\s+(?:english|spanish)", r"leer\s+en\s+(?:español|inglés)",
    r"saltar\s+al\s+contenido", r"back\s+to\s+top", r"volver\s+arriba", r"close", r"cerrar",
    r"next\s+(?:article|post|story)", r"previous\s+(?:article|post|story)",
    r"artículo\s+(?:siguiente|anterior)", r"nota\s+(?:siguiente|anterior)",
    # share bars
    r"share(?:\s+(?:this|on))?(?:\s+(?:article|story|post|page|brief|report|column|piece|release|statement|testimony))?",
    r"compartir(?:\s+en)?",
    r"comparte(?:\s+esta\s+nota)?", r"tweet", r"e-?mail", r"print", r"imprimir", r"copy\s+link",
    r"copiar\s+(?:enlace|link)", r"facebook", r"twitter", r"x/twitter", r"x", r"linkedin",
    r"whatsapp", r"telegram", r"reddit", r"bluesky", r"threads", r"instagram", r"youtube",
    r"flipboard", r"pinterest", r"save", r"guardar", r"bookmark", r"gift\s+(?:this\s+)?article", r"copy", r"copied",
    r"listen(?:\s+to\s+this\s+(?:article|story))?", r"escuchar(?:\s+(?:esta\s+)?(?:nota|artículo))?",
    r"purchase\s+licensing\s+rights", r"restacks?", r"embed", r"download", r"descargar",
    # players
    r"watch(?:\s+live)?", r"live", r"en\s+vivo", r"ver\s+en\s+vivo", r"escúchanos(?:\s+en\s+vivo)?", r"play", r"reproducir",
    # cookie banners' buttons
    r"accept(?:\s+all)?(?:\s+cookies)?", r"reject(?:\s+all)?", r"manage\s+(?:preferences|cookies|settings)",
    r"cookie\s+settings", r"ok", r"got\s+it", r"aceptar(?:\s+(?:todo|todas|cookies))?", r"rechazar", r"configurar",
)
_CHROME = re.compile(r"\b(?:" + "|".join(CHROME_PHRASES) + r")(?=\W|$)", re.I)
# A site's menu or footer links: three or more short labels between bars or bullets
# ("About | Programs | Events", "Privacy ∙ Terms"); a byline's bars are read before this.
_MENU_SEPARATOR = re.compile(r"\s+[|•·∙]\s+")
_MENU_ITEM = re.compile(r"[^\s.!?,;:]+(?:\s+[^\s.!?,;:]+){0,3}")
_ONLY_SEPARATORS = re.compile(r"[\s|•·/\\,;:_=~*+\-–—«»<>›‹()\[\]]*")

# Whole-line rules: (name, pattern). A line matching one is never article text.
LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Ad slots leave their label behind in the text.
    ("advertisement", _whole(
        r"advertisement", r"advertisements?\s*-\s*scroll\s+to\s+continue", r"ad", r"sponsored(?:\s+content)?",
        r"publicidad", r"anuncio", r"contenido\s+patrocinado", r"patrocinado",
        r"(?:story|article)\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad))?",
        r"continue\s+reading\s+(?:below|the\s+main\s+story)", r"la\s+nota\s+continúa\s+(?:abajo|debajo)",
    )),
    ("reading time", _whole(*READING_TIME)),
    # Relative time stamps date nothing once the page is saved.
    ("relative time stamp", _whole(
        r"(?:(?:updated|posted|published|actualizado|publicado)\s+)?(?:\d+|an?|one)\s+(?:seconds?|minutes?|hours?|days?|weeks?)\s+ago",
        r"(?:(?:actualizado|publicado)\s+)?hace\s+(?:\d+|un|una)\s+(?:segundos?|minutos?|horas?|días?|semanas?)",
    )),
    # Audio and video players: "Listen · 5:52", "5-Minute Listen", "▶ Escucha la entrevista completa (16:05)".
    ("media player", _whole(
        r"[▶►]?\s*(?:listen|watch|play|escucha|escuchar|mira|ver|reproducir)\b[^.!?]{0,50}?[(·|:\-–—\s]\s*\d{1,2}:\d{2}(?::\d{2})?\)?",
        r"(?:listen|escucha|escuchar)\s*[·|:\-–—]?\s*\d+\s*min(?:ute|uto)?s?",
        r"\d+\s*-?\s*min(?:ute|uto)?s?\s+(?:listen|watch|escucha)",
    )),
    # A photo slot with no caption left, only its label.
    ("photo label", _whole(r"image", r"imagen", r"photo", r"foto", r"video", r"vídeo", r"gallery", r"galería")),
    ("author box link", _whole(
        r"view\s+all\s+(?:posts|articles)(?:\s+by\s+.{1,60})?", r"(?:all\s+)?(?:posts|articles|more)\s+by\s+.{1,60}",
        r"ver\s+tod[oa]s\s+(?:las\s+entradas|los\s+artículos|las\s+notas)(?:\s+de\s+.{1,60})?",
        r"más\s+(?:artículos|notas|columnas)\s+de(?:l\s+autor|\s+.{1,60})",
    )),
    # End-of-feed controls of infinite-scroll pages.
    ("end of feed", _whole(
        r"end\s+of\s+content", r"no\s+more\s+(?:pages|posts|articles)\s+to\s+load", r"load\s+more(?:\s+\w+)?",
        r"show\s+more", r"fin\s+del\s+contenido", r"no\s+hay\s+más\s+(?:páginas|artículos|notas)(?:\s+para\s+cargar)?",
        r"cargar\s+más", r"ver\s+más",
    )),
    # A bare web address, or one labelled as the source: the page's own link, not prose.
    ("web address", re.compile(
        r"(?:(?:source|fuente|url|link|enlace|permalink|original(?:ly\s+published)?(?:\s+(?:at|in|on))?|"
        r"read\s+(?:the\s+original|more)\s+at|publicado\s+originalmente\s+en)\s*:?\s*)?(?:https?://|www\.)\S+", re.I)),
    # Counters of share bars and reactions: "112", "112 Likes", "3.4K shares".
    ("counter", re.compile(r"\d[\d.,]*\s*[kKmM]?(?:\s+(?:likes?|shares?|restacks?|views?|reactions?|me\s+gusta|compartidos|vistas|lecturas))?", re.I)),
    # A newsletter box's input field.
    ("newsletter form", _whole(r"(?:(?:enter|type|your)\s+)?(?:your\s+)?e-?mail(?:\s+address)?(?:\s+here)?(?:\.\.\.|…)?",
                               r"(?:(?:escribe|ingresa|tu)\s+)?(?:tu\s+)?(?:correo|e-?mail)(?:\s+electrónico)?(?:\.\.\.|…)?")),
    # An author's social handle: "Twitter: @name", "@name".
    ("social handle", re.compile(r"(?:(?:twitter|x|instagram|bluesky|threads|mastodon|tiktok)\s*:\s*)?@\w{2,30}", re.I)),
    # A link's leftover label, as screen-reader text keeps it: "Our Standards: …, opens new tab".
    ("link label", re.compile(r".{0,120},\s*(?:opens\s+(?:in\s+)?(?:a\s+)?new\s+(?:tab|window)|se\s+abre\s+en\s+una\s+nueva\s+pestaña)", re.I)),
    # Only separators: the remains of a byline or share bar whose links were dropped.
    ("separators", re.compile(r"[\s|•·/\\_=~*+\-–—]+")),
    # The end mark of a press release: "###", "-30-".
    ("end mark", re.compile(r"#{3,}|[-–—]\s?30\s?[-–—]")),
)

# Rules matched at the start of a line, for lines up to a length: prompts and notices
# that are always the site's, whatever follows. The length limit keeps a long paragraph
# that happens to begin the same way.
PREFIX_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("tags", re.compile(r"(?:suggested\s+|related\s+)?(?:tags?|tagged|etiquetas?|temas(?:\s+relacionados)?|topics|filed\s+under|"
                        r"categories|categorías|keywords|palabras\s+clave)\s*:", re.I), 60),
    # Cookie banners speak of cookies and of what the reader agrees to.
    ("cookie notice", re.compile(r"(?=.*\bcookies?\b)(?:we\s+use|this\s+(?:site|website)\s+uses|by\s+(?:continuing|using)|"
                                 r"(?:este\s+)?sitio\s+(?:web\s+)?(?:utiliza|usa)|utilizamos|usamos|al\s+continuar)", re.I), 60),
    # Wire services' credits: "Reporting by …; Editing by …", "Con información de …".
    # A sentence may begin "Reporting by The Wall Street Journal …"; credits name an editor or a contribution.
    ("wire credits", re.compile(r"(?=.*\b(?:editing|writing|additional\s+reporting)\s+by\s)(?:(?:additional\s+)?reporting|writing|editing)\s+by\s|"
                                r".*\bcontributed\s+(?:reporting|to\s+this\s+(?:report|story))|con\s+información\s+de\s", re.I), 60),
    # Print-edition notes: "This article appears in the April 2025 issue of …".
    ("edition note", re.compile(r"(?:this\s+(?:article|story|piece|essay)\s+(?:appears|appeared|was\s+published|is\s+published)\s+in\s+"
                                r"(?:the\s+)?(?:\w+\s+){0,3}(?:\d{4}\s+)?(?:print\s+)?(?:issue|edition)|"
                                r"(?:este\s+(?:artículo|texto)|esta\s+nota)\s+(?:se\s+publicó|apareció|aparece)\s+en\s+(?:la\s+)?edición)", re.I), 40),
    # Follow prompts name a social network, unlike a heading such as "Follow the money: …".
    ("follow prompt", re.compile(
        r"(?:follow|síguenos|sigue\s+a|siga\s+a|connect\s+with)\b[^.]{0,60}?(?::|\s+(?:on|en)\s+).*"
        r"\b(?:twitter|x|linkedin|facebook|instagram|bluesky|threads|youtube|tiktok|telegram|whatsapp|rss|mastodon|google\s+news)\b", re.I), 20),
    ("subscribe prompt", re.compile(
        r"(?:like\s+what\s+you(?:'|’)?ve\s+read|enjoyed\s+this|subscribe\b|sign\s+up\b|get\s+(?:our|the)\b.{0,40}newsletter|"
        r"join\s+our\b|suscríbete\b|suscribete\b|regístrate\b|recibe\s+(?:nuestro|el|gratis)\b|"
        r"newsletter\b|boletín\b|.{0,60}\b(?:in|to)\s+your\s+inbox\b|.{0,60}\ben\s+tu\s+(?:correo|bandeja))", re.I), 30),
    # Disclaimers speak of the author or the piece itself, unlike "The views expressed by the minister …".
    ("disclaimer", re.compile(
        r"(?:disclaimer\b|aviso\s+legal\b|(?:(?:any|the)?\s*(?:opinions?|views?)(?:\s+and\s+(?:opinions?|views?))?\s+expressed\b|"
        r"(?:las?\s+)?opini(?:ones|ón)\s+(?:expresadas?|vertidas?|emitidas?)\b|"
        r"(?:este|el\s+presente)\s+(?:artículo|texto)\s+(?:refleja|es\s+responsabilidad)\b)"
        r".*\b(?:authors?|writers?|contributors?|necessarily|this\s+(?:article|piece|post|commentary|essay|column)|"
        r"autor(?:es|a|as)?|necesariamente|este\s+(?:artículo|texto|espacio)))", re.I), 80),
    # Transcript services' notes: "THIS IS A RUSH TRANSCRIPT.", "This text may not be in its final form".
    ("transcript note", re.compile(r".{0,80}\b(?:rush\s+(?:transcript|deadline)|may\s+not\s+be\s+in\s+(?:its\s+)?final\s+form)", re.I), 60),
    # A copyright notice, not a sentence about copyright law: "Copyright The Ledger Ltd 2025", "… © 2025 X."
    ("copyright", re.compile(
        r"(?:copyright\s+(?:©|\(c\)|\d{4}|(?-i:(?:[A-Z0-9][\w.&,'’-]*\s+){1,8})\d{4})|.*(?:©|\(c\)\s*\d{4}|"
        r"all\s+rights\s+reserved|derechos\s+reservados))", re.I), 30),
    # Paywall notices: the page's access check, not the article.
    ("paywall notice", re.compile(
        r"(?:you\s+have\s+a\s+preview\s+view|(?:subscribe|sign\s+in|log\s+in|register)\s+(?:now\s+)?to\s+(?:continue|keep)\s+reading|"
        r"(?:to\s+)?continue\s+reading,?\s+(?:subscribe|sign\s+in|log\s+in|become)|already\s+a\s+(?:subscriber|member)|"
        r"this\s+(?:article|story|content|piece)\s+is\s+(?:only\s+)?(?:available\s+)?(?:for|to|exclusive\s+(?:to|for))\s+(?:paid\s+)?(?:subscribers|members)|"
        r"you(?:'|’)?ve\s+(?:reached|used)\s+(?:your|the|all)\s+(?:\w+\s+){0,3}(?:limit|articles)|you\s+have\s+(?:\d+|one|no)\s+free\s+(?:articles?|stories)|"
        r"(?:este|el)\s+contenido\s+es\s+exclusivo|contenido\s+exclusivo\s+para|¿?ya\s+eres\s+(?:suscriptor|socio|miembro)|"
        r"para\s+(?:seguir|continuar)\s+leyendo|has\s+(?:alcanzado|agotado)\s+(?:el|tu)\s+(?:límite|cupo))", re.I), 50),
    # Downloads of the piece: "Download the full report (PDF, 1.8 MB)", "Descargar PDF".
    ("download link", re.compile(r"(?:download|descarga|descargar|descárgalo|get\s+the\s+(?:full\s+)?(?:pdf|report))\b(?!.*[.!?]$)", re.I), 15),
    # Letters prompts under opinion pieces: "Have an opinion? Send a letter to the editor …".
    ("letters prompt", re.compile(r"(?:have\s+an\s+opinion\b|send\s+(?:us\s+)?a\s+letter\b|(?:submit\s+a\s+)?letters?\s+to\s+the\s+editor\b|"
                                  r"¿?tienes\s+una\s+opinión\b|cartas\s+al\s+(?:director|editor)\b)", re.I), 40),
    # Inline promotions of other articles: "Read more: <headline>", "Lee también: <headline>".
    ("related link", re.compile(
        r"(?:read\s+(?:more|also|next)|related|see\s+also|also\s+read|recommended|lee\s+(?:también|más)|leer\s+más|"
        r"te\s+puede\s+interesar|te\s+recomendamos|ver\s+también|relacionad[oa])\s*:", re.I), 30),
)

# A note that the piece is also a PDF: "The full report, with annexes, is available as a PDF."
_PDF_NOTE = re.compile(r"(?=.*\bPDF\b).*\b(?:available|disponible|download|descarga)", re.I)

# Captions and credits of photos. Matched anywhere in a line of up to 60 words: a caption
# is a sentence or two, and these credit forms do not occur in running prose.
CAPTION_RULES = (
    # "Photo by …", "Foto: …", "Credit: …" at the start or after the caption's sentence.
    re.compile(r"(?:^|[.!?”)]\s*|\()(?:photo(?:graph)?s?|pictures?|images?|fotos?|fotografías?|imagen(?:es)?|ilustración|illustration|credits?|créditos?)"
               r"(?:\s+by|\s+de(?=\s+(?-i:[A-ZÁÉÍÓÚÑ])|\s+archivo)|\s+courtesy\s+of|\s*:)\s", re.I),
    # "… / AFP via Getty Images", "REUTERS/Name", "AP Photo/Name", "(Cuartoscuro)" as the line's last words.
    re.compile(r"\bvia\s+getty\s+images\b|\bgetty\s+images\s*\)?\.?$|\b(?:AP|AFP|EFE|REUTERS|Reuters)\s*(?:Photo\s*)?/\s*[A-Z]", re.I),
    re.compile(r"\b(?:courtesy(?:\s+(?:photo|image))?|(?:photo|foto|imagen)\s+(?:courtesy|cortesía)(?:\s+of|\s+de)?[^.]{0,60}|cortesía)\.?\)?$", re.I),
    re.compile(r"\((?:reuters|ap|afp|efe|getty(?:\s+images)?|cuartoscuro|shutterstock|file(?:\s+photo)?|archivo|foto\s+de\s+archivo)(?:/[^()]{1,60})?\)\.?$", re.I),
    # "(File photo)" anywhere, "… Courier file photo" at the end, "(CP Photo/Name)": an outlet's own photo credit.
    re.compile(r"\((?:file\s+photo|archive\s+photo|foto\s+de\s+archivo|handout)\)|\b(?:file|archive)\s+photo\.?$|"
               r"\((?-i:[A-Z][\w.]{0,11})\s+(?:photo|foto)\s*/[^()]{1,60}\)\.?$", re.I),
    # "… el jueves. CUARTOSCURO", "… on Tuesday. REUTERS": an agency in capitals after the caption.
    re.compile(r"[.!?]\s+(?-i:[A-Z]{2,}(?:\s?/\s?[A-Z][\w]+)?)$"),
    # "Gabinete de Seguridad via AP": a credit that hands the photo on.
    re.compile(r"(?:^|(?<=[.!?)”])\s)(?-i:[A-Z][\w.’'\-]*\s+(?:(?:de|del|la|of|the|y|and)\s+)?){1,6}via\s+(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})\)?$"),
)
# A credit after the caption's last sentence: "… outside the capital. Ricardo Montaño / The Ledger".
_SLASH_CREDIT = re.compile(r"(?:^|(?<=[.!?)”]))\s*(?P<by>(?:[A-Z0-9][\w.’'\-]*\s+){0,7}[A-Z0-9][\w.’'\-]*)\s*/\s*"
                           r"(?P<outlet>(?:(?:[A-Z][\w.’'\-]*|of|the|de|del|la|y|and)\s+){0,5}[A-Z][\w.’'\-]*)$")

# Section kickers and article-type labels printed above or below the headline.
KICKERS = _whole(
    r"opinion", r"analysis", r"commentary", r"op-ed", r"explainer", r"feature", r"essay", r"report",
    r"guest\s+(?:column|essay|commentary)", r"press\s+releases?", r"news\s+releases?", r"fact\s+sheet", r"policy\s+brief",
    r"transcript", r"testimony", r"statement", r"for\s+immediate\s+release", r"columna\s+invitada", r"comunicado",
    r"interview", r"news", r"breaking(?:\s+news)?", r"exclusive", r"perspective", r"column",
    r"opinión", r"análisis", r"columna", r"entrevista", r"reportaje", r"noticias", r"nacional",
    r"internacional", r"política", r"politics", r"world", r"mundo", r"blog", r"article", r"artículo",
)

# Headers of the author box at the end of an article.
_AUTHOR_BOX_HEADERS = (
    r"about\s+the\s+authors?", r"about\s+the\s+writers?", r"meet\s+the\s+authors?", r"author\s+bio(?:graphy)?",
    r"(?:the\s+)?authors?", r"sobre\s+(?:el|la|los|las)\s+autor(?:a|es|as)?", r"acerca\s+de(?:l|\s+la)\s+autor(?:a)?",
    r"sobre\s+el\s+autor/a", r"autor(?:a|es|as)?",
)
AUTHOR_BOX = _whole(*_AUTHOR_BOX_HEADERS)
# The same header with the biography on its line: "About the author: Jane Doe is …".
AUTHOR_BOX_INLINE = re.compile(r"(?:" + "|".join(_AUTHOR_BOX_HEADERS) + r")\s*[:—–]\s*(?P<bio>\S.*)", re.I)

# Headers of the comment section: nothing after them is the article's.
COMMENTS = _whole(
    r"article\s+discussion", r"comments?(?:\s*\(\d+\))?", r"\d+\s+comments?", r"leave\s+a\s+(?:comment|reply)",
    r"post\s+a\s+comment", r"add\s+a\s+comment", r"join\s+the\s+(?:conversation|discussion)",
    r"comentarios?(?:\s*\(\d+\))?", r"\d+\s+comentarios?", r"deja\s+(?:un|tu)\s+comentario", r"escribe\s+un\s+comentario",
    r"leave\s+a\s+reply\s+cancel\s+reply",
)

# Labels of lists of other articles ("Related articles"): what follows, if only headlines, is not the article's.
RELATED_LISTS = _whole(
    r"related(?:\s+(?:articles|posts|stories|content|reading|coverage))?", r"read\s+(?:more|next)", r"more\s+(?:from|on|in)\s+.{1,40}",
    r"more\s+(?:stories|articles|news|coverage|posts|videos)(?:\s+(?:from|on|in|by)\s+.{1,40})?", r"recommended(?:\s+for\s+you)?",
    r"related\s+(?:research|publications?|reports?|hearings|videos?|topics|news)", r"recent\s+(?:press\s+releases|posts|articles|stories|news|publications)",
    r"view\s+all(?:\s+.{1,40})?", r"lee\s+también", r"leer\s+también", r"más\s+de\s+.{1,40}", r"también\s+en\s+.{1,40}", r"you\s+(?:may|might)\s+also\s+like", r"trending(?:\s+now)?",
    r"most\s+(?:read|popular|viewed)", r"popular\s+(?:posts|stories)", r"latest(?:\s+(?:news|posts|articles|stories))?",
    r"te\s+puede\s+interesar", r"también\s+te\s+puede\s+interesar", r"noticias\s+relacionadas", r"artículos\s+relacionados",
    r"notas\s+relacionadas", r"relacionad[oa]s", r"lo\s+más\s+(?:leído|visto)", r"más\s+leíd[oa]s", r"más\s+noticias",
    r"te\s+recomendamos", r"últimas\s+noticias", r"recomendados", r"news", r"noticias",
    r"más\s+(?:columnas|artículos|notas)\s+de\s+.{1,60}", r"more\s+(?:columns|articles|stories)\s+by\s+.{1,60}",
)

# Labels of a summary box printed above the article ("Summary", "Key points"): the short lines
# under them restate the article.
SUMMARY_BOX = _whole(r"summary", r"key\s+(?:points|takeaways)", r"highlights", r"at\s+a\s+glance", r"in\s+brief",
                     r"resumen", r"en\s+resumen", r"puntos\s+clave", r"claves")


# Headers of a table of contents: the short lines under them are the article's headings again.
TABLE_OF_CONTENTS = _whole(r"(?:table\s+of\s+)?contents", r"in\s+this\s+(?:report|brief|article|issue|paper|piece|page)",
                           r"on\s+this\s+page", r"jump\s+to(?:\s+section)?", r"índice", r"contenido",
                           r"en\s+est[ea]\s+(?:informe|artículo|reporte|documento|nota|página)")


def rule_for(line: str) -> str | None:
    """The name of the boilerplate rule `line` matches, or None if it may be article text."""
    for name, pattern in LINE_RULES:
        if pattern.fullmatch(line):
            return name
    if _is_chrome(line) or _is_menu(line):
        return "menu or share bar"
    words = word_count(line)
    for name, pattern, max_words in PREFIX_RULES:
        if words <= max_words and pattern.match(line):
            return name
    if words <= 60 and (any(pattern.search(line) for pattern in CAPTION_RULES) or _SLASH_CREDIT.search(line)):
        return "photo caption"
    if words <= 25 and _PDF_NOTE.match(line):
        return "download link"
    return None


def split_glued(line: str) -> list[str]:
    """Split a reading-time stamp glued to the start or end of `line` into its own line."""
    match = _READING_TIME_AT_EDGE.search(line)
    if match is None or match.group() == line:
        return [line]
    pieces = [line[:match.start()], match.group(), line[match.end():]]
    return [piece.strip() for piece in pieces if piece.strip()]


def tags_in(line: str) -> list[str]:
    """The tags listed on a `Tags: a, b, c` line (any language), else []."""
    match = re.match(r"(?:tags?|tagged|etiquetas?|temas|topics|filed\s+under|categories|categorías)\s*:\s*(.+)", line, re.I)
    return [tag.strip() for tag in re.split(r"[,;|•·]", match.group(1)) if tag.strip()] if match else []


def _is_menu(line: str) -> bool:
    items = _MENU_SEPARATOR.split(line)
    return len(items) >= 3 and all(_MENU_ITEM.fullmatch(item) for item in items)


def _is_chrome(line: str) -> bool:
    return bool(_CHROME.search(line)) and not _ONLY_SEPARATORS.sub("", _CHROME.sub("", line))
