import Foundation
import Logging
import PKI
import X509

/// A fleet of simulated iPhones and iPads enrolling into one Palisade and living there: each device is woken by
/// pushes through the APNs stand-in (or polls, when there is none) and answers its commands.
public actor SimulatedFleet {
    /// Where a device gets its enrolment link (an invitation URL); the CLI asks the admin API for one per device.
    public typealias InvitationSource = @Sendable (Int) async throws -> String

    public private(set) var devices: [SimulatedAppleDevice] = []
    public private(set) var failures: [String] = []
    private var transport: SimulatorTransport?
    private let standIn: APNsStandIn?
    private let logger: Logger

    public init(standIn: APNsStandIn?, logger: Logger = Logger(label: "palisade.sim")) {
        self.standIn = standIn
        self.logger = logger
    }

    /// Enrols `count` devices, `concurrency` at a time, reporting each completion to `progress`.
    public func enroll(
        count: Int, concurrency: Int = 8, lockDuration: Duration = .seconds(3), invitation: @escaping InvitationSource,
        progress: @escaping @Sendable (_ enrolled: Int, _ failed: Int) -> Void = { _, _ in }
    ) async {
        let base = devices.count
        await withTaskGroup(of: (SimulatedAppleDevice?, String?).self) { group in
            var next = 0
            func launch(_ index: Int) {
                group.addTask {
                    let hardware = SimulatedHardware.make(index: base + index)
                    let device = SimulatedAppleDevice(
                        hardware: hardware, signatureDigest: index % 5 == 4 ? .sha1 : .sha256, lockDuration: lockDuration
                    )
                    do {
                        let profile = try await SimulatorTransport.fetchProfile(try await invitation(base + index))
                        let transport = try await self.transport(for: profile)
                        try await device.enroll(profile: profile, transport: transport)
                        if let standIn = self.standIn {
                            await standIn.register(token: await device.pushToken) { _ in
                                try? await device.checkIn()
                            }
                        }
                        // iOS checks in once right after enrolling, push or not.
                        try await device.checkIn()
                        return (device, nil)
                    } catch {
                        return (nil, "\(hardware.productName) \(hardware.serialNumber): \(error)")
                    }
                }
            }
            while next < min(concurrency, count) {
                launch(next)
                next += 1
            }
            for await (device, failure) in group {
                if let device { devices.append(device) }
                if let failure {
                    failures.append(failure)
                    logger.warning("simulated device failed", metadata: ["reason": "\(failure)"])
                }
                progress(devices.count - base, failures.count)
                if next < count {
                    launch(next)
                    next += 1
                }
            }
        }
    }

    /// Every device checks in once, as after a push to all.
    public func checkInAll() async {
        await withTaskGroup(of: Void.self) { group in
            for device in devices { group.addTask { try? await device.checkIn() } }
        }
    }

    /// The fleet's transport, made from the CA of the first profile and shared by every device.
    private func transport(for profile: Data) throws -> SimulatorTransport {
        if let transport { return transport }
        let contents = try EnrollmentProfileContents(profile)
        guard let ca = contents.trustedCertificate else { throw SimulatorError.profile("the profile installs no CA") }
        let made = try SimulatorTransport(trusting: [ca])
        transport = made
        return made
    }

    public func shutdown() async {
        await transport?.shutdown()
    }
}
