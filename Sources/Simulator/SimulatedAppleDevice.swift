import _CryptoExtras
import AppleMDM
import Crypto
import Foundation
import NIOHTTP1
import PKI
import SwiftASN1
import X509

/// One simulated iPhone or iPad speaking Apple's MDM protocol exactly as a device does: it installs the enrolment
/// profile, gets its identity through SCEP, signs every message (`Mdm-Signature`), checks in, and answers each
/// command with a realistic result. While "locked" (after DeviceLock) it answers NotNow to commands that need the
/// device unlocked, and checks in by itself when it unlocks, as iOS does.
public actor SimulatedAppleDevice {
    public nonisolated let hardware: SimulatedHardware
    /// SHA-1 or SHA-256 for its message signatures (older iOS releases sign with SHA-1).
    public nonisolated let signatureDigest: CMSDigestAlgorithm
    /// How long a DeviceLock keeps it locked.
    public nonisolated let lockDuration: Duration
    /// How it proves who it is: an `Mdm-Signature` on every message, or its identity certificate in the TLS
    /// handshake (profiles without SignMessage).
    public nonisolated let authentication: Authentication

    public enum Authentication: Sendable {
        case messageSignature
        case tlsClientCertificate
    }

    private var profile: EnrollmentProfileContents?
    private var signer: CMSSigner?
    private var transport: SimulatorTransport?
    public private(set) var pushToken: [UInt8]
    public nonisolated let pushMagic = UUID().uuidString
    private let unlockToken: [UInt8]
    public private(set) var isLocked = false
    public private(set) var isErased = false
    public private(set) var commandsAnswered: [String: Int] = [:]
    public private(set) var notNowAnswered = 0
    private var checkingIn = false
    private var checkInAgain = false
    private var installedApps: [[String: Any]]
    private var ownsTransport = false

    public init(
        hardware: SimulatedHardware, signatureDigest: CMSDigestAlgorithm = .sha256, lockDuration: Duration = .seconds(3),
        authentication: Authentication = .messageSignature
    ) {
        self.hardware = hardware
        self.signatureDigest = signatureDigest
        self.lockDuration = lockDuration
        self.authentication = authentication
        var generator = SystemRandomNumberGenerator()
        pushToken = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        unlockToken = (0..<64).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        installedApps = [
            ["Identifier": "com.apple.mobilesafari", "Name": "Safari", "Version": "8618.1", "ShortVersion": hardware.osVersion, "BundleSize": 13_000_000, "Installing": false],
            ["Identifier": "com.microsoft.Office.Outlook", "Name": "Outlook", "Version": "4.2451.1", "ShortVersion": "4.2451.1", "BundleSize": 410_000_000, "Installing": false],
            ["Identifier": "org.whispersystems.signal", "Name": "Signal", "Version": "7.48.1", "ShortVersion": "7.48", "BundleSize": 160_000_000, "Installing": false],
        ]
    }

    /// Installs a profile and enrols: SCEP, then Authenticate and TokenUpdate. `transport` must trust the
    /// profile's CA (the fleet makes one per CA).
    public func enroll(profile data: Data, transport: SimulatorTransport) async throws {
        let profile = try EnrollmentProfileContents(data)
        self.profile = profile
        self.transport = transport
        guard let ca = profile.trustedCertificate else { throw SimulatorError.profile("the profile installs no CA") }

        let key = try _RSA.Signing.PrivateKey(keySize: profile.keySize >= 4096 ? .bits4096 : .bits2048)
        let subject = try DistinguishedName { CommonName(profile.subjectCommonName) }
        let csr = try SCEPClient.certificateSigningRequest(subject: subject, key: Certificate.PrivateKey(key), challengePassword: profile.challenge)
        let selfSigned = try SCEPClient.selfSignedCertificate(key: key, subject: subject)
        let scep = try SCEPClient(caCertificate: ca, signerCertificate: selfSigned, signerKey: key)
        let request = try scep.request(csr)
        let reply = try await transport.send(
            .POST, profile.scepURL + "?operation=PKIOperation", body: Data(request.message),
            headers: [("Content-Type", "application/x-pki-message")]
        )
        guard reply.status == 200 else { throw SimulatorError.enrollment("SCEP answered \(reply.status)") }
        guard case .issued(let identity) = try scep.reply(to: request, certRep: [UInt8](reply.body)) else {
            throw SimulatorError.enrollment("SCEP refused the request")
        }
        signer = try CMSSigner(certificate: identity, privateKey: Certificate.PrivateKey(key), digest: signatureDigest)
        if authentication == .tlsClientCertificate {
            // A connection of its own, presenting the new identity in every handshake.
            self.transport = try SimulatorTransport(trusting: [ca], clientIdentity: (identity, key))
            ownsTransport = true
        }

        var authenticate: [String: Any] = [
            "MessageType": "Authenticate", "UDID": hardware.udid, "Topic": profile.topic, "BuildVersion": hardware.buildVersion,
            "OSVersion": hardware.osVersion, "ProductName": hardware.productName, "SerialNumber": hardware.serialNumber,
            "DeviceName": hardware.deviceName, "Model": hardware.isIPad ? "iPad" : "iPhone", "ModelName": hardware.isIPad ? "iPad" : "iPhone",
        ]
        if let imei = hardware.imei { authenticate["IMEI"] = imei }
        try await checkinMessage(authenticate)
        try await checkinMessage([
            "MessageType": "TokenUpdate", "UDID": hardware.udid, "Topic": profile.topic, "Token": Data(pushToken),
            "PushMagic": pushMagic, "UnlockToken": Data(unlockToken), "AwaitingConfiguration": false,
        ])
    }

    /// What a push does: the device connects and works through its queue. A push arriving during a session
    /// leads to one more session afterwards, as on a real device.
    public func checkIn() async throws {
        guard !isErased else { return }
        if checkingIn {
            checkInAgain = true
            return
        }
        checkingIn = true
        defer { checkingIn = false }
        repeat {
            checkInAgain = false
            try await session()
        } while checkInAgain && !isErased
    }

    private func session() async throws {
        var report: [String: Any] = ["UDID": hardware.udid, "Status": "Idle"]
        while true {
            var reply = try await signedSend(profileOrFail().serverURL, report, contentType: nil)
            // As iOS does: a 503 with a short Retry-After is retried, signed afresh.
            for _ in 0..<3 where reply.status == 503 {
                guard let wait = reply.retryAfter, wait <= 5 else { break }
                try await Task.sleep(for: .milliseconds(wait * 1000 + 100))
                reply = try await signedSend(profileOrFail().serverURL, report, contentType: nil)
            }
            guard reply.status == 200 else { throw SimulatorError.server("command endpoint answered \(reply.status)") }
            guard !reply.body.isEmpty else { return }
            guard let command = try PropertyListSerialization.propertyList(from: reply.body, format: nil) as? [String: Any],
                  let uuid = command["CommandUUID"] as? String, let body = command["Command"] as? [String: Any],
                  let type = body["RequestType"] as? String
            else { throw SimulatorError.server("unreadable command") }
            report = answer(type, body)
            report["UDID"] = hardware.udid
            report["CommandUUID"] = uuid
            if type == "EraseDevice", report["Status"] as? String == "Acknowledged" {
                _ = try await signedSend(profileOrFail().serverURL, report, contentType: nil)
                isErased = true
                return
            }
        }
    }

    /// The device's answer to one command.
    private func answer(_ type: String, _ command: [String: Any]) -> [String: Any] {
        let needsUnlock: Set<String> = ["InstallProfile", "InstallApplication", "RemoveApplication", "Settings", "ProfileList", "CertificateList"]
        if isLocked, needsUnlock.contains(type) {
            notNowAnswered += 1
            return ["Status": "NotNow"]
        }
        commandsAnswered[type, default: 0] += 1
        var result: [String: Any] = ["Status": "Acknowledged"]
        switch type {
        case "DeviceInformation":
            let queries = command["Queries"] as? [String] ?? []
            result["QueryResponses"] = queryResponses(queries)
        case "SecurityInfo":
            result["SecurityInfo"] = [
                "HardwareEncryptionCaps": 3, "PasscodePresent": true, "PasscodeCompliant": true,
                "PasscodeCompliantWithProfiles": true, "PasscodeLockGracePeriodEnforced": 0,
                "FirewallSettings": [String: Any](), "ManagementStatus": ["EnrolledViaDEP": false, "IsUserEnrollment": false],
            ] as [String: Any]
        case "ProfileList":
            result["ProfileList"] = [[
                "PayloadIdentifier": "org.palisade.enrollment", "PayloadDisplayName": "Device management",
                "PayloadUUID": UUID().uuidString, "PayloadVersion": 1, "IsManaged": true, "IsEncrypted": false,
                "PayloadContent": [["PayloadType": "com.apple.mdm", "PayloadIdentifier": "org.palisade.enrollment.mdm", "PayloadVersion": 1]],
            ] as [String: Any]]
        case "CertificateList":
            result["CertificateList"] = [["CommonName": profile?.subjectCommonName ?? "device", "IsIdentity": true,
                                          "Data": Data(identityDER)]]
        case "InstalledApplicationList":
            result["InstalledApplicationList"] = installedApps
        case "ManagedApplicationList":
            result["ManagedApplicationList"] = [String: Any]()
        case "InstallApplication":
            let identifier = command["Identifier"] as? String ?? "app.\(command["iTunesStoreID"] ?? "unknown")"
            installedApps.append(["Identifier": identifier, "Name": identifier, "Version": "1.0", "ShortVersion": "1.0", "BundleSize": 1_000_000, "Installing": false])
            result["Identifier"] = identifier
            result["State"] = "Installing"
        case "RemoveApplication":
            let identifier = command["Identifier"] as? String
            installedApps.removeAll { $0["Identifier"] as? String == identifier }
        case "DeviceLock":
            isLocked = true
            let duration = lockDuration
            Task { [weak self] in
                try? await Task.sleep(for: duration)
                await self?.unlock()
            }
        case "DeviceLocation":
            result["Latitude"] = 51.5007
            result["Longitude"] = -0.1246
            result["HorizontalAccuracy"] = 12.0
            result["VerticalAccuracy"] = 8.0
            result["Altitude"] = 11.0
            result["Speed"] = 0.0
            result["Course"] = -1.0
            result["Timestamp"] = ISO8601DateFormatter().string(from: Date())
        case "AvailableOSUpdates":
            result["AvailableOSUpdates"] = newerRelease().map { release in
                [["ProductKey": "iOSUpdate\(release.build)", "HumanReadableName": "iOS \(release.version)", "Version": release.version,
                  "Build": release.build, "IsCritical": false, "RestartRequired": true, "DownloadSize": 6_400_000_000, "InstallSize": 6_900_000_000,
                  "IsSecurityResponse": false] as [String: Any]]
            } ?? []
        case "ScheduleOSUpdate":
            result["UpdateResults"] = newerRelease().map { release in
                [["ProductKey": "iOSUpdate\(release.build)", "InstallAction": "Default", "Status": "Idle"] as [String: Any]]
            } ?? []
        case "OSUpdateStatus":
            result["OSUpdateStatus"] = [[String: Any]]()
        case "Settings":
            let items = command["Settings"] as? [[String: Any]] ?? []
            result["Settings"] = items.map { ["Item": $0["Item"] ?? "", "Status": "Acknowledged"] }
        case "InstallProfile", "RemoveProfile", "EraseDevice", "ClearPasscode", "EnableLostMode", "DisableLostMode",
             "PlayLostModeSound", "Restrictions", "DeviceConfigured", "DeclarativeManagement", "RestartDevice", "ShutDownDevice":
            break
        default:
            commandsAnswered[type, default: 1] -= 1
            return ["Status": "Error", "ErrorChain": [[
                "ErrorCode": 12021, "ErrorDomain": "MCMDMErrorDomain",
                "LocalizedDescription": "Unknown command", "USEnglishDescription": "Unknown command",
            ] as [String: Any]]]
        }
        return result
    }

    /// The DER of the identity certificate SCEP gave it (empty before enrolment). Public, as certificates are.
    public var identityDER: [UInt8] {
        (try? signer?.certificate.derEncoded()) ?? []
    }

    private func unlock() async {
        isLocked = false
        try? await checkIn()
    }

    private func queryResponses(_ queries: [String]) -> [String: Any] {
        let all: [String: Any] = [
            "UDID": hardware.udid, "DeviceName": hardware.deviceName, "OSVersion": hardware.osVersion,
            "BuildVersion": hardware.buildVersion, "ProductName": hardware.productName, "Model": hardware.isIPad ? "MPQ03B/A" : "MQ9T3B/A",
            "ModelName": hardware.isIPad ? "iPad" : "iPhone", "ModelNumber": hardware.isIPad ? "MPQ03" : "MQ9T3",
            "SerialNumber": hardware.serialNumber, "IsSupervised": true, "IsMultiUser": false,
            "IsDeviceLocatorServiceEnabled": true, "IsActivationLockEnabled": false, "IsMDMLostModeEnabled": false,
            "BatteryLevel": 0.82, "DeviceCapacity": 128.0, "AvailableDeviceCapacity": 71.5, "IsCloudBackupEnabled": false,
            "WiFiMAC": "f0:18:98:aa:bb:cc", "BluetoothMAC": "f0:18:98:aa:bb:cd", "EASDeviceIdentifier": "EAS\(hardware.serialNumber)",
            "IsRoaming": false, "TimeZone": "Europe/London", "AwaitingConfiguration": false,
        ]
        var answers: [String: Any] = [:]
        for query in queries {
            if let value = all[query] { answers[query] = value }
        }
        if let imei = hardware.imei, queries.contains("IMEI") { answers["IMEI"] = imei }
        return answers
    }

    private func newerRelease() -> (version: String, build: String, released: String, models: [String])? {
        IOSReleaseTable.releases.first { $0.models.contains(hardware.productName) && $0.version.compare(hardware.osVersion, options: .numeric) == .orderedDescending }
    }

    /// The two endpoints a device talks to, for test equipment that sends hand-made messages.
    public enum Endpoint: Sendable {
        case checkin
        case connect
    }

    /// This device's `Mdm-Signature` header value for `body`.
    public func signatureHeader(for body: Data) throws -> String {
        guard let signer else { throw SimulatorError.enrollment("not enrolled") }
        return Data(try CMSSignedData.sign([UInt8](body), signer: signer, detached: true)).base64EncodedString()
    }

    /// The CA its enrolment profile installed, which its connections trust (`nil` before enrolment).
    public var trustedCertificate: Certificate? { profile?.trustedCertificate }

    /// Its Idle report, signed now: what it sends on every connect when it has nothing to answer.
    public func presignedIdle() throws -> PresignedMessage {
        try presigned(["UDID": hardware.udid, "Status": "Idle"])
    }

    /// Its answer to a command of `requestType` with the server's default parameters (DeviceInformation: the default
    /// queries), signed now, for the command the server will hand it as `commandUUID`.
    public func presignedAnswer(requestType: String, commandUUID: String) throws -> PresignedMessage {
        var command: [String: Any] = ["RequestType": requestType]
        if requestType == "DeviceInformation" { command["Queries"] = MDMCommand.defaultDeviceInformationQueries }
        var report = answer(requestType, command)
        report["UDID"] = hardware.udid
        report["CommandUUID"] = commandUUID
        return try presigned(report)
    }

    private func presigned(_ message: [String: Any]) throws -> PresignedMessage {
        let body = try PropertyListSerialization.data(fromPropertyList: message, format: .xml, options: 0)
        return PresignedMessage(url: try profileOrFail().serverURL, body: body, signatureHeader: try signatureHeader(for: body))
    }

    /// Sends a hand-made body with the given signature header (or none): for tests of what the server refuses.
    public func sendRaw(_ body: Data, to endpoint: Endpoint, signatureHeader: String?) async throws -> SimulatorTransport.Reply {
        guard let transport else { throw SimulatorError.enrollment("not enrolled") }
        let profile = try profileOrFail()
        var headers: [(String, String)] = []
        if let signatureHeader { headers.append(("Mdm-Signature", signatureHeader)) }
        switch endpoint {
        case .checkin:
            headers.append(("Content-Type", "application/x-apple-aspen-mdm-checkin"))
            return try await transport.send(.PUT, profile.checkInURL, body: body, headers: headers)
        case .connect:
            return try await transport.send(.PUT, profile.serverURL, body: body, headers: headers)
        }
    }

    private func checkinMessage(_ message: [String: Any]) async throws {
        let reply = try await signedSend(profileOrFail().checkInURL, message, contentType: "application/x-apple-aspen-mdm-checkin")
        guard reply.status == 200 else {
            throw SimulatorError.server("\(message["MessageType"] ?? "check-in") answered \(reply.status): \(String(decoding: reply.body, as: UTF8.self))")
        }
    }

    private func signedSend(_ url: String, _ message: [String: Any], contentType: String?) async throws -> SimulatorTransport.Reply {
        guard let signer, let transport else { throw SimulatorError.enrollment("not enrolled") }
        let body = try PropertyListSerialization.data(fromPropertyList: message, format: .xml, options: 0)
        var headers: [(String, String)] = []
        if authentication == .messageSignature {
            let signature = try CMSSignedData.sign([UInt8](body), signer: signer, detached: true)
            headers.append(("Mdm-Signature", Data(signature).base64EncodedString()))
        }
        if let contentType { headers.append(("Content-Type", contentType)) }
        return try await transport.send(.PUT, url, body: body, headers: headers)
    }

    /// Closes the connection of its own, if it has one.
    public func shutdown() async {
        if ownsTransport { await transport?.shutdown() }
    }

    private func profileOrFail() throws -> EnrollmentProfileContents {
        guard let profile else { throw SimulatorError.enrollment("not enrolled") }
        return profile
    }
}
