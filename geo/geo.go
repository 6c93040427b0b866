// Package geo is apkscan's one country table: ISO 3166-1 alpha-2 codes,
// the EU/EEA, and the English names companies and data sets write for
// countries. sdkdb (vendor countries), its Exodus importer ("Primary
// Location") and subprocessors (declared lists) all read it.
package geo

import "strings"

// eea is the European Economic Area: the 27 EU member states plus Iceland,
// Liechtenstein and Norway. "EL" is the EU's own code for Greece.
var eea = map[string]bool{
	"AT": true, "BE": true, "BG": true, "HR": true, "CY": true, "CZ": true, "DK": true,
	"EE": true, "FI": true, "FR": true, "DE": true, "GR": true, "EL": true, "HU": true,
	"IE": true, "IT": true, "LV": true, "LT": true, "LU": true, "MT": true, "NL": true,
	"PL": true, "PT": true, "RO": true, "SK": true, "SI": true, "ES": true, "SE": true,
	"IS": true, "LI": true, "NO": true,
	// Not countries, but what declared lists write for EU-wide hosting.
	"EU": true, "EEA": true,
}

// InEEA reports whether an ISO 3166-1 alpha-2 code (or "EU"/"EEA") is in
// the EU/EEA.
func InEEA(code string) bool { return eea[strings.ToUpper(code)] }

// iso3166 lists the ISO 3166-1 alpha-2 codes.
const iso3166 = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
	"MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
	"UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"

var isoCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(iso3166) {
		m[c] = true
	}
	return m
}()

// countryNames maps names companies write for a country (lower case) to
// its code: the EU/EEA states and the usual destinations of transfers.
var countryNames = map[string]string{
	"austria": "AT", "belgium": "BE", "bulgaria": "BG", "croatia": "HR", "cyprus": "CY",
	"czechia": "CZ", "czech republic": "CZ", "denmark": "DK", "estonia": "EE", "finland": "FI",
	"france": "FR", "germany": "DE", "deutschland": "DE", "greece": "GR", "hungary": "HU",
	"ireland": "IE", "italy": "IT", "latvia": "LV", "lithuania": "LT", "luxembourg": "LU",
	"malta": "MT", "netherlands": "NL", "the netherlands": "NL", "holland": "NL", "poland": "PL",
	"portugal": "PT", "romania": "RO", "slovakia": "SK", "slovenia": "SI", "spain": "ES",
	"sweden": "SE", "iceland": "IS", "liechtenstein": "LI", "norway": "NO",
	"european union": "EU", "european economic area": "EEA",
	"united states": "US", "united states of america": "US", "usa": "US", "u.s.": "US", "u.s.a.": "US",
	"united kingdom": "GB", "uk": "GB", "great britain": "GB", "england": "GB",
	"switzerland": "CH", "israel": "IL", "india": "IN", "japan": "JP", "canada": "CA",
	"australia": "AU", "singapore": "SG", "china": "CN", "hong kong": "HK", "south korea": "KR",
	"korea": "KR", "brazil": "BR", "russia": "RU", "russian federation": "RU", "ukraine": "UA",
	"new zealand": "NZ", "south africa": "ZA", "mexico": "MX", "argentina": "AR", "taiwan": "TW",
	"philippines": "PH", "vietnam": "VN", "turkey": "TR", "türkiye": "TR", "serbia": "RS",
	"united arab emirates": "AE", "uae": "AE",
}

// Normalize maps a declared country (ISO 3166-1 alpha-2 code in
// any case, "UK", "EL", "EU", "EEA", or a common English name) to its
// code. ok is false when the text is not recognised.
func Normalize(s string) (code string, ok bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", true
	}
	u := strings.ToUpper(t)
	switch u {
	case "UK":
		return "GB", true
	case "EL":
		return "GR", true
	case "EU", "EEA":
		return u, true
	}
	if len(u) == 2 && isoCodes[u] {
		return u, true
	}
	if c, ok := countryNames[strings.ToLower(t)]; ok {
		return c, true
	}
	return "", false
}

// IsCode reports whether s is an ISO 3166-1 alpha-2 code (upper case).
func IsCode(s string) bool { return len(s) == 2 && isoCodes[s] }

// FromName returns the code of a country name ("United States", "France
// (Paris)" is not a name), or "".
func FromName(name string) string {
	return countryNames[strings.ToLower(strings.TrimSpace(name))]
}
