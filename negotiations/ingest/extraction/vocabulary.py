"""Vocabulary for matching clauses to demands: stop words, generic words, shared concepts."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _ordered(text: str) -> tuple[str, ...]:
    return tuple(text.split())


STOPWORDS = _words("""
a an the and or but if of to in on at by for with from into onto over under about as is are was
were be been being has have had do does did will would shall should can could may might must not
no nor its it this that these those their they them he she his her we our us you your i me my
which who whom whose what when where while than then there here also any all each other such
some own same so very just more most less least only both either neither one two three first
said says say told new after before between during against within without including among via
per up down out off again further once whether because since until now still yet ever even
""")
# words of every negotiation: weak evidence of any particular demand
GENERIC = _words("""
talk negoti agreement deal peac treati process parti side govern countri war conflict issu
question matter propos offer plan demand condit posit statement meet round deleg leader offici
minist presid state nation region area term time year week month day way step right support
end stop halt start begin make take give hand allow get keep put set let remain continu includ
full all immedi new agre accept reject ensur provid need want seek call use drop
""")

# General negotiation vocabulary: several words, one concept.
CONCEPTS = {
    "truce": "ceasefir",
    "ceasefir": "ceasefir",
    "cease": "ceasefir",
    "armistic": "ceasefir",
    "hostil": "ceasefir",
    "withdraw": "withdraw",
    "withdrawn": "withdraw",
    "pullout": "withdraw",
    "pullback": "withdraw",
    "retreat": "withdraw",
    "vacat": "withdraw",
    "leav": "withdraw",
    "recogn": "recogn",
    "recognis": "recogn",
    "recogniz": "recogn",
    "acknowledg": "recogn",
    "guarante": "guarante",
    "assur": "guarante",
    "guarantor": "guarante",
    "alliance": "bloc",
    "allianc": "bloc",
    "bloc": "bloc",
    "nonbloc": "bloc",
    "neutral": "neutral",
    "kidnap": "kidnap",
    "abduct": "kidnap",
    "hostag": "hostag",
    "captiv": "hostag",
    "ransom": "kidnap",
    "border": "border",
    "frontier": "border",
    "boundari": "border",
    "delimit": "delimit",
    "demarc": "delimit",
    "disarm": "disarm",
    "demobil": "disarm",
    "weapon": "disarm",
    "arm": "disarm",
    "decommiss": "disarm",
    "sanction": "sanction",
    "embargo": "sanction",
    "aid": "aid",
    "relief": "aid",
    "assist": "aid",
    "humanitarian": "aid",
    "inspect": "inspect",
    "inspector": "inspect",
    "monitor": "inspect",
    "verif": "inspect",
    "probe": "investig",
    "investig": "investig",
    "enrich": "enrich",
    "centrifug": "enrich",
    "releas": "releas",
    "free": "releas",
    "freed": "releas",
    "liber": "releas",
    "prison": "prison",
    "prisoner": "prison",
    "detaine": "prison",
    "integr": "integr",
    "merg": "integr",
    "fold": "integr",
    "absorb": "integr",
    "unif": "integr",
    "armi": "armi",
    "militari": "armi",
    "troop": "troop",
    "soldier": "troop",
    "forc": "troop",
    "restor": "restor",
    "reconnect": "restor",
    "resum": "restor",
    "particip": "particip",
    "involv": "particip",
    "inclus": "particip",
    "voic": "particip",
    "referendum": "vote",
    "vote": "vote",
    "elect": "vote",
    "poll": "vote",
    "constitut": "constitut",
    "constitu": "constitut",
    "amnesti": "amnesti",
    "pardon": "amnesti",
    "corridor": "corridor",
    "passag": "corridor",
    "rout": "rout",
    "link": "rout",
    "road": "rout",
    "transit": "rout",
    "transport": "rout",
    "railway": "rout",
    "rail": "rout",
    "independ": "independ",
    "sovereignti": "sovereign",
    "sovereign": "sovereign",
    "annex": "annex",
    "annexat": "annex",
    "direct": "direct",
    "directli": "direct",
    "membership": "member",
    "member": "member",
    "join": "member",
    "access": "access",
    "accession": "member",
    "warrant": "warrant",
    "extradit": "warrant",
    "arrest": "warrant",
    "prosecut": "warrant",
    "non": "",
    "lift": "lift",
    "remov": "lift",
    "eas": "lift",
    "scrap": "lift",
    "rescind": "lift",
    "suspend": "lift",
}


# -- who is speaking (speakers.py) ----------------------------------------------------
SAY_VERBS = _ordered("""
said says say told tells added adds stated states insisted insists warned warns declared wrote
writes tweeted posted noted stressed argued explained claimed claims confirmed confirms
announced acknowledged acknowledges replied responded asserted urged called calls described
cautioned conceded admitted recalled reiterated emphasised emphasized underlined remarked
commented complained accused welcomed hailed vowed pledged promised threatened denied rejected
dismissed questioned suggested proposed offered demanded demands demand raised expected
expects wanted wants needed needs refused refuses accepted accepts agreed agrees ruled
reported speaking quoted hoped hopes believes believed thinks insisting saying adding telling
announcing calling
""")
ROLE_NOUNS = _ordered("""
minister spokesman spokeswoman spokesperson negotiator negotiators envoy president premier
adviser advisor aide official officials diplomat diplomats commander chief leader leaders head
secretary ambassador mediator mediators coordinator representative general source sources
delegation side office ministry spokespeople representatives
""")
GROUP_ROLES = _words("""
delegation diplomats leaders mediators ministry negotiators office officials representatives
side sources spokespeople
""")
PREPOSITIONS = _words("""
about accused against asked at between by called for from in into met of on than to told
toward towards urged with
""")
TITLE_WORDS = _words("""
acting adviser advisor affairs ambassador army assistant bureau chairman chief col commander
commissioner defence defense delegation deputy dr economy envoy eu finance foreign former gen
general gov head high interior justice king leader lt maj mediator minister ministry mr mrs ms
national negotiator of official policy political president presidential prime prince queen rep
russian secretary security sen senior sheikh special spokesman spokesperson spokeswoman state
supreme the top u.s ukrainian un vice
""")
NOT_NAMES = _words("""
accord accords afp african agency agreement alliance ap april army atomic august catholic
church city conference corridor council december declaration democratic department east
eastern energy european february federal forces friday front gen general house international
january july june liberation march may ministry monday national nations new news north
northern november october office people people's plan province rapid region republic reuters
river said saturday sea security september south southern states strip sunday support talks
the thursday treaty tuesday twitter union united wednesday west western
""")
