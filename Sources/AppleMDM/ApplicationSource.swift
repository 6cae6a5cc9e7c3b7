import Foundation

/// Where `InstallApplication` gets an app: the App Store by its numeric ID, an already known app by bundle
/// identifier (to take over management or with volume-purchased licences), or an in-house app by the HTTPS URL of its
/// manifest.
public enum ApplicationSource: Sendable, Hashable {
    case appStore(iTunesStoreID: Int64)
    case bundleIdentifier(String)
    case manifest(URL)
}
