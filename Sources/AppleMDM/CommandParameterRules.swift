import Foundation

/// Rules Apple states in prose rather than in the schema's key tables, applied to both typed builders and admin
/// requests so the two paths cannot disagree.
enum CommandParameterRules {
    static func check(requestType: String, parameters: [String: PropertyListValue]) throws(CommandPayloadError) {
        switch requestType {
        case "DeviceLock", "EraseDevice":
            // The Find My PIN of a Mac: six digits, or the command fails on the device after it is locked or wiped.
            if let pin = parameters["PIN"]?.stringValue {
                guard pin.utf8.count == 6, pin.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                    throw .invalidValue(key: "PIN", reason: "must be six digits")
                }
            }
        case "EnableLostMode":
            guard parameters["Message"] != nil || parameters["PhoneNumber"] != nil else {
                throw .needsOneOf(keys: ["Message", "PhoneNumber"], requestType: requestType)
            }
        case "InstallApplication":
            let sources = ["iTunesStoreID", "Identifier", "ManifestURL"]
            guard sources.filter({ parameters[$0] != nil }).count == 1 else {
                throw .needsExactlyOneOf(keys: sources, requestType: requestType)
            }
            if let manifest = parameters["ManifestURL"]?.stringValue {
                guard let url = URL(string: manifest), url.scheme?.lowercased() == "https", url.host?.isEmpty == false else {
                    throw .invalidValue(key: "ManifestURL", reason: "must be an https URL")
                }
            }
        case "ClearPasscode":
            if let token = parameters["UnlockToken"]?.dataValue, token.isEmpty {
                throw .invalidValue(key: "UnlockToken", reason: "must not be empty")
            }
        default:
            break
        }
    }
}
