/// macOS `EraseDevice`: what to do when Erase All Content and Settings cannot run.
public enum EraseObliterationBehavior: String, Sendable, Hashable, CaseIterable {
    case `default` = "Default"
    case doNotObliterate = "DoNotObliterate"
    case obliterateWithWarning = "ObliterateWithWarning"
    case always = "Always"
}
