import AppleMDM
import Foundation
import Inspection

/// Shared inputs: the real device captures and hostile XML from AppleMDMTests' fixtures (read in place), and
/// builders for the requests a device would send.
enum InspectionFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AppleMDMTests/Fixtures", isDirectory: true)

    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let source = "198.51.100.7"

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// Every `.plist` capture, with the endpoint it was sent to: results carry `Status`, check-ins `MessageType`.
    static func captures() throws -> [(name: String, body: Data, endpoint: DeviceEndpoint)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".plist") }.sorted()
        return try names.map { name in
            let body = try data(name)
            let isResult = String(decoding: body, as: UTF8.self).contains("<key>Status</key>")
            return (name, body, isResult ? .connect : .checkin)
        }
    }

    /// The hostile documents (not their licence).
    static func attackFiles() throws -> [(name: String, body: Data)] {
        let folder = directory.appendingPathComponent("xml-attacks", isDirectory: true)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0 != "LICENSE" }.sorted()
            .map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    /// Wraps a fragment in the header Apple's writers emit.
    static func plist(_ inner: String) -> Data {
        Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            \(inner)
            </plist>

            """.utf8)
    }

    /// A stand-in for a device's CMS signature: base64 of one DER SEQUENCE (the edge checks no more than that).
    static func signature(length: Int = 300, seed: UInt8 = 0) -> String {
        var der: [UInt8] = [0x30, 0x82, UInt8(length >> 8), UInt8(length & 0xFF)]
        der += (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
        return Data(der).base64EncodedString()
    }

    static let udid = "663b07bb783e9ade1dae4fbb92ea12afc0ce5b69"

    static func checkin(
        _ body: Data, contentType: String? = CheckinMessage.contentType, signature: String? = signature(),
        extraHeaders: [(String, String)] = [], at time: Date = now, from address: String = source
    ) -> InspectedRequest {
        var headers = InspectedHeaders()
        if let contentType { headers.add("Content-Type", contentType) }
        if let signature { headers.add("Mdm-Signature", signature) }
        for (name, value) in extraHeaders { headers.add(name, value) }
        return InspectedRequest(method: "PUT", path: "/mdm/checkin", headers: headers, body: body, sourceAddress: address, receivedAt: time)
    }

    static func connect(
        _ body: Data, signature: String? = signature(), extraHeaders: [(String, String)] = [], at time: Date = now,
        from address: String = source
    ) -> InspectedRequest {
        var headers: InspectedHeaders = ["Content-Type": "application/x-apple-aspen-mdm"]
        if let signature { headers.add("Mdm-Signature", signature) }
        for (name, value) in extraHeaders { headers.add(name, value) }
        return InspectedRequest(method: "PUT", path: "/mdm/connect", headers: headers, body: body, sourceAddress: address, receivedAt: time)
    }

    static func get(_ target: String, body: Data = Data()) -> InspectedRequest {
        InspectedRequest(method: "GET", target: target, body: body, sourceAddress: source, receivedAt: now)
    }

    static func result(status: String, commandUUID: String? = "76eda240-5488-4989-8339-f2ae160113c4", udid: String = udid) -> Data {
        var inner = "<dict>\n<key>Status</key><string>\(status)</string>\n<key>UDID</key><string>\(udid)</string>\n"
        if let commandUUID { inner += "<key>CommandUUID</key><string>\(commandUUID)</string>\n" }
        return plist(inner + "</dict>")
    }

    static let authenticate = plist("""
        <dict>
        <key>MessageType</key><string>Authenticate</string>
        <key>Topic</key><string>com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9</string>
        <key>UDID</key><string>\(udid)</string>
        </dict>
        """)
}
