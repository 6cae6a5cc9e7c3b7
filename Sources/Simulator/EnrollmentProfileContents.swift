import Foundation
import PKI
import SwiftASN1
import X509

/// What a simulated device reads from an enrolment profile, as a real one would: the CA to trust, the SCEP
/// payload and the MDM payload.
public struct EnrollmentProfileContents: Sendable {
    public var trustedCertificate: Certificate?
    public var scepURL: String
    public var challenge: String
    public var subjectCommonName: String
    public var keySize: Int
    public var serverURL: String
    public var checkInURL: String
    public var topic: String
    public var signMessage: Bool
    /// Whether the profile came CMS-signed (and the signature verified).
    public var signed: Bool

    /// Parses a profile, signed (CMS SignedData) or not. A signed profile whose signature fails is refused.
    public init(_ data: Data) throws {
        var plist = data
        var signed = false
        if data.first == 0x30 {
            let signedData = try CMSSignedData(berEncoded: [UInt8](data))
            guard let content = signedData.content else { throw SimulatorError.profile("the signed profile holds no content") }
            guard let signer = signedData.signers.first else { throw SimulatorError.profile("the signed profile has no signer") }
            _ = try signedData.verify(signer)
            plist = Data(content)
            signed = true
        }
        guard let root = try PropertyListSerialization.propertyList(from: plist, format: nil) as? [String: Any],
              let payloads = root["PayloadContent"] as? [[String: Any]]
        else { throw SimulatorError.profile("not a configuration profile") }
        func payload(_ type: String) -> [String: Any]? { payloads.first { $0["PayloadType"] as? String == type } }
        guard let scep = payload("com.apple.security.scep")?["PayloadContent"] as? [String: Any],
              let mdm = payload("com.apple.mdm"),
              let scepURL = scep["URL"] as? String, let serverURL = mdm["ServerURL"] as? String, let topic = mdm["Topic"] as? String
        else { throw SimulatorError.profile("the profile lacks a SCEP or MDM payload") }
        if let der = payload("com.apple.security.root")?["PayloadContent"] as? Data {
            trustedCertificate = try Certificate(derEncoded: [UInt8](der))
        }
        self.scepURL = scepURL
        challenge = scep["Challenge"] as? String ?? ""
        let subject = scep["Subject"] as? [[[String]]] ?? []
        subjectCommonName = subject.flatMap { $0 }.first { $0.first == "CN" }?.last ?? "device"
        keySize = scep["Keysize"] as? Int ?? 2048
        self.serverURL = serverURL
        checkInURL = mdm["CheckInURL"] as? String ?? serverURL
        self.topic = topic
        signMessage = mdm["SignMessage"] as? Bool ?? false
        self.signed = signed
    }
}

/// Why a simulated device stopped.
public enum SimulatorError: Error, CustomStringConvertible {
    case profile(String)
    case server(String)
    case enrollment(String)

    public var description: String {
        switch self {
        case .profile(let text): "profile: \(text)"
        case .server(let text): "server: \(text)"
        case .enrollment(let text): "enrolment: \(text)"
        }
    }
}
