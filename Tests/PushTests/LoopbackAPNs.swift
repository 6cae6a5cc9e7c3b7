import Foundation
import Logging
import PalisadeCore
import Push
import Simulator
import X509

/// A stand-in APNs on 127.0.0.1 with a server certificate from a throwaway CA, and a push certificate
/// from the same CA, so a test can build real senders against it. Call `stop()` at the end.
struct LoopbackAPNs {
    let pki: ThrowawayPKI
    let standIn: APNsStandIn
    let pushCertificate: PushCertificate
    let endpoint: APNsEndpoint

    init(standInConfiguration: APNsStandIn.Configuration = .init()) async throws {
        pki = try ThrowawayPKI()
        var configuration = standInConfiguration
        configuration.host = "127.0.0.1"
        if configuration.identity == nil {
            configuration.identity = try pki.issueLoopbackServerIdentity()
        }
        standIn = try APNsStandIn(configuration: configuration)
        let port = try await standIn.start()
        endpoint = try APNsEndpoint(baseURL: URL(string: "https://127.0.0.1:\(port)")!)
        let pem = try pki.pushCertificatePEM()
        pushCertificate = try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: pem.key)
    }

    /// Settings for tests: the stand-in's CA as the only trust root and fast retries.
    func senderConfiguration(
        maxConcurrentRequests: Int = 32,
        maxAttempts: Int = 4,
        expiration: APNsExpiration = .immediately
    ) -> APNsSender.Configuration {
        APNsSender.Configuration(
            endpoint: endpoint,
            trustRoots: [standIn.trustRoot],
            maxConcurrentRequests: maxConcurrentRequests,
            retry: APNsRetryPolicy(maxAttempts: maxAttempts, initialDelay: .milliseconds(20), maxDelay: .milliseconds(200)),
            expiration: expiration,
            // Generous: under the whole suite's load a first TLS handshake can take seconds, and a retry caused by
            // the machine being busy would fail tests that count attempts. Tests of timeouts set their own.
            requestTimeout: .seconds(30),
            connectTimeout: .seconds(30)
        )
    }

    func sender(
        _ configuration: APNsSender.Configuration? = nil,
        clock: any WallClock = SystemWallClock(),
        onTokenInvalid: (@Sendable (PushToken, PushFailure) async -> Void)? = nil
    ) throws -> APNsSender {
        var quiet = Logger(label: "palisade.push.test")
        quiet.logLevel = .critical
        return try APNsSender(
            certificate: pushCertificate,
            configuration: configuration ?? senderConfiguration(),
            clock: clock,
            logger: quiet,
            onTokenInvalid: onTokenInvalid
        )
    }

    func stop() async {
        await standIn.stop()
    }

    static func token(_ seed: UInt8, length: Int = 32) -> PushToken {
        PushToken((0..<length).map { UInt8(truncatingIfNeeded: Int(seed) &* 31 &+ $0) })
    }
}

/// A clock that stays where a test puts it.
struct FixedClock: WallClock {
    let now: Date
}

/// Collects values handed to `@Sendable` callbacks so a test can read them afterwards.
actor Collected<Value: Sendable> {
    private(set) var values: [Value] = []
    func append(_ value: Value) { values.append(value) }
}
