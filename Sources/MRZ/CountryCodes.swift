/// Issuing states and nationalities an MRZ may name (ICAO 9303 part 3): ISO 3166-1 alpha-3,
/// ICAO's own codes, and the specimen state Utopia. A three-letter field is padded with `<`
/// (Germany is `D<<`).
public enum CountryCodes {
  static let iso: Set<String> = Set(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM
    BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR
    CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB
    GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA
    JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA
    MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
    NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS
    SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON
    TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

  /// ICAO additions: Germany's one-letter code, British nationality categories, United Nations,
  /// stateless and refugee codes, Kosovo, the EU, and a few organisations.
  static let icao: Set<String> = [
    "D<<", "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XXA", "XXB", "XXC", "XXX", "RKS", "EUE", "XOM",
    "XPO", "XES", "XIM", "XCC", "XBA", "XCE", "XEC", "XCO", "XDC", "XAF", "XCR",
  ]

  /// The fictional state of ICAO 9303's specimens.
  static let specimen: Set<String> = ["UTO"]

  public static func isValid(_ code: String) -> Bool {
    iso.contains(code) || icao.contains(code) || specimen.contains(code)
  }
}
