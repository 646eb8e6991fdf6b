"""How news text names states: demonyms, capitals and seats of power, by ISO 3166-1 code.

Party names and short names come from the setup; this table adds the words a wire story uses
instead ("Moscow", "the Kremlin", "Iranian", "Washington"). Irregular demonyms only: regular
ones ("Armenia" -> "Armenian") are derived in ``setup.py``.
"""

COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "AF": ("Afghan", "Kabul"),
    "AM": ("Armenian", "Yerevan"),
    "AZ": ("Azerbaijani", "Azeri", "Baku"),
    "BY": ("Belarusian", "Minsk"),
    "CD": ("Congolese", "Kinshasa", "DRC", "DR Congo", "Congo"),
    "CN": ("Chinese", "Beijing"),
    "CO": ("Colombian", "Bogota", "Bogotá", "Casa de Nariño"),
    "CU": ("Cuban", "Havana"),
    "DE": ("German", "Berlin"),
    "EG": ("Egyptian", "Cairo"),
    "ER": ("Eritrean", "Asmara"),
    "ET": ("Ethiopian", "Addis Ababa", "federal government", "federal forces"),
    "FR": ("French", "Paris", "Elysee", "Élysée"),
    "GB": ("British", "London", "Downing Street", "UK", "U.K.", "Britain"),
    "GE": ("Georgian", "Tbilisi"),
    "IL": ("Israeli", "Jerusalem", "Tel Aviv"),
    "IN": ("Indian", "New Delhi"),
    "IQ": ("Iraqi", "Baghdad"),
    "IR": ("Iranian", "Tehran", "Teheran", "Islamic Republic"),
    "JO": ("Jordanian", "Amman"),
    "KE": ("Kenyan", "Nairobi"),
    "KP": ("North Korean", "Pyongyang"),
    "KR": ("South Korean", "Seoul"),
    "LB": ("Lebanese", "Beirut"),
    "LY": ("Libyan", "Tripoli"),
    "MD": ("Moldovan", "Chisinau"),
    "MX": ("Mexican", "Mexico City"),
    "NO": ("Norwegian", "Oslo"),
    "PK": ("Pakistani", "Islamabad"),
    "PS": ("Palestinian", "Ramallah"),
    "QA": ("Qatari", "Doha"),
    "RS": ("Serbian", "Belgrade"),
    "RU": ("Russian", "Moscow", "Kremlin", "the Kremlin"),
    "RW": ("Rwandan", "Kigali"),
    "SA": ("Saudi", "Riyadh"),
    "SD": ("Sudanese", "Khartoum", "Port Sudan"),
    "SS": ("South Sudanese", "Juba"),
    "SY": ("Syrian", "Damascus"),
    "TR": ("Turkish", "Ankara", "Türkiye", "Turkiye"),
    "UA": ("Ukrainian", "Kyiv", "Kiev"),
    "US": ("U.S.", "US", "American", "Washington", "White House", "State Department", "Pentagon"),
    "VE": ("Venezuelan", "Caracas"),
    "XK": ("Kosovar", "Pristina"),
    "YE": ("Yemeni", "Sanaa"),
}

# Words a story uses for a party of a given classification when only one principal has it.
CLASSIFICATION_NOUNS: dict[str, tuple[str, ...]] = {
    "armed_group": (
        "rebels",
        "rebel group",
        "the group",
        "guerrillas",
        "guerrilla",
        "insurgents",
        "militants",
        "the movement",
    ),
    "state": ("the government", "government", "authorities", "the state"),
    "government": ("the government", "government", "authorities", "the state"),
}
