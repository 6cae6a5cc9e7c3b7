import Core
import Foundation
import PalisadeCore
import Simulator
import Testing
import TestSupport

extension LiveSystemTests {
/// Multi-use enrolment links through the whole path: admin API, `/enroll/<link>` on the device listener over TLS,
/// SCEP, Authenticate and TokenUpdate, with simulated devices.
@Suite struct EnrollmentLinkEndToEndTests {
    /// Makes a link through the admin API; returns its id and URL.
    static func makeLink(on core: LiveCore, uses: Int, expiresAt: Date) async throws -> (id: String, url: String) {
        let (status, made) = try await core.admin("POST", "/api/enrollment-links", .object([
            "maximumUses": .number(Double(uses)), "expiresAt": .string(Date.ISO8601FormatStyle().format(expiresAt)),
        ]))
        guard status == 201, let id = made["id"]?.stringValue, let url = made["url"]?.stringValue else {
            throw LiveCoreError("link not made: \(status) \(made)")
        }
        return (id, url)
    }

    /// A transport trusting the CA a profile installs, as a device has after installing it.
    static func transport(for profile: Data) throws -> SimulatorTransport {
        try SimulatorTransport(trusting: [try #require(try EnrollmentProfileContents(profile).trustedCertificate)])
    }

    /// Whether SCEP refused the device's request (the CertRep's failure), rather than anything else going wrong.
    static func scepRefuses(_ device: SimulatedAppleDevice, profile: Data, transport: SimulatorTransport) async -> Bool {
        do {
            try await device.enroll(profile: profile, transport: transport)
            return false
        } catch {
            return "\(error)".contains("SCEP refused the request")
        }
    }

    @Test func aLinkForThreeDevicesEnrolsThreeEachWithAFreshChallengeAndRefusesTheFourth() async throws {
        let core = try await LiveCore.start(initialCommands: [])
        let link = try await Self.makeLink(on: core, uses: 3, expiresAt: Date().addingTimeInterval(86_400))

        // Four downloads before any device enrols: four profiles, each with a challenge of its own.
        var profiles: [Data] = []
        for _ in 0..<4 { profiles.append(try await SimulatorTransport.fetchProfile(link.url)) }
        let challenges = try profiles.map { try EnrollmentProfileContents($0).challenge }
        #expect(Set(challenges).count == 4, "\(challenges)")

        let transport = try Self.transport(for: profiles[0])
        for index in 0..<3 {
            let device = SimulatedAppleDevice(hardware: SimulatedHardware.make(index: 300 + index))
            try await device.enroll(profile: profiles[index], transport: transport)
            try await device.checkIn()
        }
        // The fourth holds a challenge minted while uses were left, but the link has none left when it enrols.
        let fourth = SimulatedAppleDevice(hardware: SimulatedHardware.make(index: 303))
        #expect(await Self.scepRefuses(fourth, profile: profiles[3], transport: transport))
        #expect(try await transport.send(.GET, link.url, body: nil).status == 410, "a used-up link serves no profile")

        let shown = try await core.admin("GET", "/api/enrollment-links/\(link.id)").1
        #expect(shown["uses"] == .number(3) && shown["usesLeft"] == .number(0))
        #expect(shown["downloads"] == .number(4) && shown["state"] == .string("usedUp"))
        let listed = try await core.admin("GET", "/api/enrollment-links").1["items"]?.arrayValue
        #expect(listed?.map { $0["id"] } == [.string(link.id)])
        let enrolled = try await core.storage.devices(matching: DeviceFilter(enrollmentState: .enrolled), page: PageRequest(limit: 10))
        #expect(enrolled.items.count == 3)
        #expect(enrolled.items.allSatisfy { $0.ownership == .corporate })
        let uses = try await core.admin("GET", "/api/audit-events?action=enrollment.link.use&limit=10").1["items"]?.arrayValue
        #expect(uses?.count == 3)
        #expect(uses?.allSatisfy { $0["target"] == .string("enrollment-link:\(link.id)") } == true)
        await transport.shutdown()
        await core.stop()
    }

    @Test func aRevokedLinkServesNothingAndAProfileItServedBeforeNoLongerEnrols() async throws {
        let core = try await LiveCore.start(initialCommands: [])
        let link = try await Self.makeLink(on: core, uses: 5, expiresAt: Date().addingTimeInterval(86_400))
        let profile = try await SimulatorTransport.fetchProfile(link.url)
        let (status, revoked) = try await core.admin("POST", "/api/enrollment-links/\(link.id)/revoke")
        #expect(status == 200 && revoked["state"] == .string("revoked"))

        let transport = try Self.transport(for: profile)
        #expect(try await transport.send(.GET, link.url, body: nil).status == 410)
        let device = SimulatedAppleDevice(hardware: SimulatedHardware.make(index: 310))
        #expect(await Self.scepRefuses(device, profile: profile, transport: transport))
        // The same device enrols through an invitation: what refused it was the revocation.
        try await device.enroll(profile: try await SimulatorTransport.fetchProfile(try await core.invitationURL()), transport: transport)
        #expect(try await core.admin("GET", "/api/enrollment-links/\(link.id)").1["uses"] == .number(0))
        let actions = try await core.admin("GET", "/api/audit-events?action=enrollment.link.&limit=10").1["items"]?.arrayValue?
            .compactMap { $0["action"]?.stringValue }
        #expect(Set(actions ?? []) == ["enrollment.link.create", "enrollment.link.revoke"])
        await transport.shutdown()
        await core.stop()
    }

    @Test func anExpiredLinkServesNothingAndAProfileItServedBeforeNoLongerEnrols() async throws {
        let clock = SettableClock(Date())
        let core = try await LiveCore.start(initialCommands: [], clock: clock)
        let ending = try await Self.makeLink(on: core, uses: 5, expiresAt: clock.now.addingTimeInterval(300))
        let lasting = try await Self.makeLink(on: core, uses: 5, expiresAt: clock.now.addingTimeInterval(86_400))
        let profile = try await SimulatorTransport.fetchProfile(ending.url)
        // Past the link's end, well inside the hour its challenge would otherwise last.
        clock.advance(by: 360)

        let transport = try Self.transport(for: profile)
        #expect(try await transport.send(.GET, ending.url, body: nil).status == 410)
        let device = SimulatedAppleDevice(hardware: SimulatedHardware.make(index: 320))
        #expect(await Self.scepRefuses(device, profile: profile, transport: transport))
        #expect(try await core.admin("GET", "/api/enrollment-links/\(ending.id)").1["state"] == .string("expired"))
        // At the same moment, a link still open enrols the same device.
        try await device.enroll(profile: try await SimulatorTransport.fetchProfile(lasting.url), transport: transport)
        #expect(try await core.admin("GET", "/api/enrollment-links/\(lasting.id)").1["uses"] == .number(1))
        await transport.shutdown()
        await core.stop()
    }
}
}
