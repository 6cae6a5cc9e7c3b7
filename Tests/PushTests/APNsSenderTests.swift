import Foundation
import PalisadeCore
import Push
import Simulator
import Testing
import TestSupport

@Suite("APNsSender against the loopback APNs stand-in")
struct APNsSenderTests {
    @Test func deliversWithApplesWireFormatOverHTTP2() async throws {
        let apns = try await LoopbackAPNs()
        let sender = try apns.sender()
        let token = LoopbackAPNs.token(1)
        let woken = Collected<APNsStandInPush>()
        await apns.standIn.register(token: token.bytes) { push in await woken.append(push) }
        let apnsID = UUID()

        let outcome = await sender.push(PushTarget(token: token, pushMagic: "5F8F1F0E-2C1D-4C58-9E2B-1D6A4F7E0A11", apnsID: apnsID))

        let receipt = try #require(outcome.receipt, "\(String(describing: outcome.failure))")
        #expect(receipt.apnsID == apnsID.uuidString.lowercased())
        #expect(receipt.attempts == 1)
        #expect(receipt.coalesced == false)
        let delivered = try #require(await apns.standIn.deliveries.first)
        #expect(delivered.method == "POST")
        #expect(delivered.path == "/3/device/\(token.hex)")
        #expect(delivered.overHTTP2)
        #expect(delivered.headers["apns-topic"] == apns.pushCertificate.topic)
        #expect(delivered.headers["apns-push-type"] == "mdm")
        #expect(delivered.headers["apns-priority"] == "10")
        #expect(delivered.headers["apns-expiration"] == "0")
        #expect(delivered.headers["apns-id"] == apnsID.uuidString.lowercased())
        #expect(Set(delivered.headers.keys.filter { $0.hasPrefix("apns-") })
            == ["apns-topic", "apns-push-type", "apns-priority", "apns-expiration", "apns-id"])
        #expect(delivered.body == Array(#"{"mdm":"5F8F1F0E-2C1D-4C58-9E2B-1D6A4F7E0A11"}"#.utf8))
        #expect(delivered.clientCertificateTopic == apns.pushCertificate.topic)
        #expect(delivered.apnsID == receipt.apnsID)
        #expect(await apns.standIn.waitForDeliveries(1))
        #expect(try await Polling.until { await woken.values.count == 1 })

        await sender.shutdown()
        await apns.stop()
    }

    @Test func sendsTokensOfAnyLengthAsLowerCaseHex() async throws {
        let apns = try await LoopbackAPNs()
        let sender = try apns.sender()
        let short = PushToken([0xAB, 0x01, 0xFF])
        let long = LoopbackAPNs.token(7, length: 100)

        let outcomes = await sender.push([PushTarget(token: short, pushMagic: "m1"), PushTarget(token: long, pushMagic: "m2")])

        #expect(outcomes.allSatisfy { $0.isDelivered })
        let paths = Set(await apns.standIn.deliveries.map(\.path))
        #expect(paths == ["/3/device/ab01ff", "/3/device/\(long.hex)"])
        #expect(Set(await apns.standIn.deliveries.compactMap(\.token)) == [short.bytes, long.bytes])

        await sender.shutdown()
        await apns.stop()
    }

    @Test func sendsAnExpirationTimestampWhenGivenATimeToLive() async throws {
        let apns = try await LoopbackAPNs()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let sender = try apns.sender(apns.senderConfiguration(expiration: .after(.seconds(3600))), clock: FixedClock(now: now))

        let outcome = await sender.push(PushTarget(token: LoopbackAPNs.token(2), pushMagic: "magic"))

        #expect(outcome.isDelivered)
        #expect(await apns.standIn.deliveries.first?.headers["apns-expiration"] == "1800003600")
        #expect(await apns.standIn.deliveries.first?.headers["apns-id"] == nil)

        await sender.shutdown()
        await apns.stop()
    }

    @Test func mergesDuplicateTokensInOneCallIntoOneRequestWithTheNewestPushMagic() async throws {
        let apns = try await LoopbackAPNs()
        let sender = try apns.sender()
        let token = LoopbackAPNs.token(3)
        let targets = (1...10).map { PushTarget(token: token, pushMagic: "magic-\($0)") }

        let outcomes = await sender.push(targets)

        #expect(outcomes.count == 10)
        #expect(outcomes.allSatisfy { $0.isDelivered })
        #expect(outcomes.map(\.target) == targets)
        #expect(outcomes.filter { $0.receipt?.coalesced == false }.count == 1)
        let deliveries = await apns.standIn.deliveries
        #expect(deliveries.count == 1)
        #expect(deliveries.first?.pushMagic == "magic-10")

        await sender.shutdown()
        await apns.stop()
    }

    @Test func coalescesPushesQueuedForATokenWhileTheStandInIsSlow() async throws {
        let apns = try await LoopbackAPNs(standInConfiguration: .init(responseDelay: .milliseconds(400)))
        // One slot: while the first token's request is held by the slow stand-in, everything else queues.
        let sender = try apns.sender(apns.senderConfiguration(maxConcurrentRequests: 1))
        let blocker = LoopbackAPNs.token(4)
        let busy = LoopbackAPNs.token(5)

        async let first = sender.push(PushTarget(token: blocker, pushMagic: "blocker"))
        #expect(try await Polling.until { await apns.standIn.maxInFlight >= 1 })
        let many = await withTaskGroup(of: PushOutcome.self) { group in
            for index in 0..<50 {
                group.addTask { await sender.push(PushTarget(token: busy, pushMagic: "magic-\(index)")) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let blockerOutcome = await first

        #expect(blockerOutcome.isDelivered)
        #expect(many.count == 50)
        #expect(many.allSatisfy { $0.isDelivered })
        #expect(many.filter { $0.receipt?.coalesced == true }.count == 49)
        let deliveries = await apns.standIn.deliveries
        #expect(deliveries.filter { $0.token == busy.bytes }.count == 1)
        #expect(deliveries.filter { $0.token == blocker.bytes }.count == 1)

        await sender.shutdown()
        await apns.stop()
    }

    @Test func aPushAskedForWhileOneIsInFlightStillGoesOutOnce() async throws {
        // Merging into a request already on the wire could lose a command queued after the device's check-in,
        // so a later push waits as one follower, and any number of later pushes merge into that follower.
        let apns = try await LoopbackAPNs(standInConfiguration: .init(responseDelay: .milliseconds(300)))
        let sender = try apns.sender()
        let token = LoopbackAPNs.token(6)

        async let first = sender.push(PushTarget(token: token, pushMagic: "first"))
        #expect(try await Polling.until { await apns.standIn.maxInFlight >= 1 })
        let later = await withTaskGroup(of: PushOutcome.self) { group in
            for index in 0..<20 {
                group.addTask { await sender.push(PushTarget(token: token, pushMagic: "later-\(index)")) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        _ = await first

        #expect(later.allSatisfy { $0.isDelivered })
        #expect(await apns.standIn.deliveries.count == 2)

        await sender.shutdown()
        await apns.stop()
    }

    @Test func retriesAfter429And503ThenDelivers() async throws {
        let apns = try await LoopbackAPNs()
        await apns.standIn.failNext(1, status: 429, reason: "TooManyRequests")
        await apns.standIn.failNext(1, status: 503, reason: "ServiceUnavailable")
        let sender = try apns.sender()

        let outcome = await sender.push(PushTarget(token: LoopbackAPNs.token(8), pushMagic: "magic"))

        #expect(outcome.receipt?.attempts == 3)
        #expect(await apns.standIn.pushes.map(\.status) == [429, 503, 200])

        await sender.shutdown()
        await apns.stop()
    }

    @Test func givesUpAfterTheAttemptBudget() async throws {
        let apns = try await LoopbackAPNs()
        await apns.standIn.failNext(10, status: 503, reason: "ServiceUnavailable")
        let sender = try apns.sender(apns.senderConfiguration(maxAttempts: 3))

        let outcome = await sender.push(PushTarget(token: LoopbackAPNs.token(9), pushMagic: "magic"))

        #expect(outcome.failure == .gaveUp(attempts: 3, lastProblem: "503 ServiceUnavailable"))
        #expect(await apns.standIn.pushes.count == 3)

        await sender.shutdown()
        await apns.stop()
    }

    @Test func reportsAnUnregisteredTokenAsInvalidThroughOutcomeAndCallback() async throws {
        let apns = try await LoopbackAPNs()
        let token = LoopbackAPNs.token(10)
        let since = Date(timeIntervalSince1970: 1_700_000_000.123)
        await apns.standIn.markUnregistered(token: token.bytes, since: since)
        let reported = Collected<PushToken>()
        let sender = try apns.sender(onTokenInvalid: { token, _ in await reported.append(token) })

        let outcomes = await sender.push([PushTarget(token: token, pushMagic: "a"), PushTarget(token: token, pushMagic: "b")])

        #expect(outcomes.allSatisfy { $0.isTokenInvalid })
        #expect(outcomes.first?.failure == .tokenInvalid(reason: .unregistered, since: Date(timeIntervalSince1970: 1_700_000_000.123)))
        #expect(await reported.values == [token])
        #expect(await apns.standIn.pushes.map(\.status) == [410])

        await sender.shutdown()
        await apns.stop()
    }

    @Test func unknownTokensAreUnregisteredWhenTheStandInIsStrict() async throws {
        let apns = try await LoopbackAPNs(standInConfiguration: .init(rejectsUnknownTokens: true))
        let known = LoopbackAPNs.token(11)
        await apns.standIn.register(token: known.bytes) { _ in }
        let sender = try apns.sender()

        let outcomes = await sender.push([PushTarget(token: known, pushMagic: "k"), PushTarget(token: LoopbackAPNs.token(12), pushMagic: "u")])

        #expect(outcomes[0].isDelivered)
        #expect(outcomes[1].isTokenInvalid)

        await sender.shutdown()
        await apns.stop()
    }

    @Test func aTokenForAnotherTopicIsAPermanentRefusalNotADeadToken() async throws {
        let apns = try await LoopbackAPNs()
        let token = LoopbackAPNs.token(13)
        await apns.standIn.register(token: token.bytes, topic: ThrowawayPKI.newTopic()) { _ in }
        let reported = Collected<PushToken>()
        let sender = try apns.sender(onTokenInvalid: { token, _ in await reported.append(token) })

        let outcome = await sender.push(PushTarget(token: token, pushMagic: "magic"))

        #expect(outcome.failure == .rejected(status: 400, reason: .deviceTokenNotForTopic))
        #expect(!outcome.isTokenInvalid)
        #expect(await reported.values.isEmpty)
        #expect(await apns.standIn.pushes.count == 1)

        await sender.shutdown()
        await apns.stop()
    }

    @Test func anEmptyTokenIsInvalidWithoutARequest() async throws {
        let apns = try await LoopbackAPNs()
        let sender = try apns.sender()

        let outcome = await sender.push(PushTarget(token: PushToken([]), pushMagic: "magic"))

        #expect(outcome.failure == .tokenInvalid(reason: .badDeviceToken, since: nil))
        #expect(await apns.standIn.pushes.isEmpty)

        await sender.shutdown()
        await apns.stop()
    }

    @Test func neverHasMoreRequestsInFlightThanItsLimit() async throws {
        let apns = try await LoopbackAPNs(standInConfiguration: .init(responseDelay: .milliseconds(100)))
        let sender = try apns.sender(apns.senderConfiguration(maxConcurrentRequests: 4))
        let targets = (0..<40).map { PushTarget(token: LoopbackAPNs.token(UInt8($0), length: 8), pushMagic: "m\($0)") }

        let outcomes = await sender.push(targets)

        #expect(outcomes.allSatisfy { $0.isDelivered })
        #expect(await apns.standIn.deliveries.count == 40)
        let peak = await apns.standIn.maxInFlight
        #expect(peak <= 4)
        #expect(peak >= 2)

        await sender.shutdown()
        await apns.stop()
    }

    @Test func aStandInThatVerifiesClientCertificatesAcceptsOnesFromItsCA() async throws {
        let apns = try await LoopbackAPNs()
        // The strict stand-in's client CA is the one that issued the sender's push certificate.
        let strict = try APNsStandIn(configuration: .init(identity: try apns.pki.issueLoopbackServerIdentity(), clientTrustRoots: [apns.pki.caCertificate]))
        let port = try await strict.start()
        var configuration = apns.senderConfiguration()
        configuration.endpoint = try APNsEndpoint(baseURL: URL(string: "https://127.0.0.1:\(port)")!)
        configuration.trustRoots = [apns.pki.caCertificate]
        let sender = try apns.sender(configuration)

        let outcome = await sender.push(PushTarget(token: LoopbackAPNs.token(14), pushMagic: "magic"))

        #expect(outcome.isDelivered)
        await sender.shutdown()
        await strict.stop()
        await apns.stop()
    }

    @Test func aClientCertificateFromAnotherCAIsRefusedAtTLS() async throws {
        let apns = try await LoopbackAPNs()
        let otherCA = try ThrowawayPKI(name: "Some other CA")
        let strict = try APNsStandIn(configuration: .init(identity: try apns.pki.issueLoopbackServerIdentity(), clientTrustRoots: [otherCA.caCertificate]))
        let port = try await strict.start()
        var configuration = apns.senderConfiguration(maxAttempts: 2)
        configuration.endpoint = try APNsEndpoint(baseURL: URL(string: "https://127.0.0.1:\(port)")!)
        // async-http-client re-dials a failing connection until the connect timeout; keep that short here.
        configuration.connectTimeout = .milliseconds(500)
        let sender = try apns.sender(configuration)

        let outcome = await sender.push(PushTarget(token: LoopbackAPNs.token(15), pushMagic: "magic"))

        // Under TLS 1.3 the server's refusal arrives after the client's handshake, so it shows as a closed
        // connection (retried, then given up) rather than as a TLS error; either way nothing was delivered.
        #expect(!outcome.isDelivered)
        #expect(!outcome.isTokenInvalid)
        #expect(await strict.pushes.isEmpty)
        await sender.shutdown()
        await strict.stop()
        await apns.stop()
    }

    @Test func refusesAServerItDoesNotTrust() async throws {
        let apns = try await LoopbackAPNs()
        var configuration = apns.senderConfiguration()
        configuration.trustRoots = [try ThrowawayPKI(name: "Unrelated CA").caCertificate]
        configuration.connectTimeout = .milliseconds(500)
        let sender = try apns.sender(configuration)

        let outcome = await sender.push(PushTarget(token: LoopbackAPNs.token(16), pushMagic: "magic"))

        guard case .tlsRefused = outcome.failure else {
            Issue.record("expected a TLS refusal, got \(outcome.result)")
            return
        }
        #expect(await apns.standIn.pushes.isEmpty)
        await sender.shutdown()
        await apns.stop()
    }

    @Test func worksWithTheStandInsOwnGeneratedIdentity() async throws {
        let standIn = try APNsStandIn()
        let port = try await standIn.start()
        let pki = try ThrowawayPKI()
        let pem = try pki.pushCertificatePEM()
        let certificate = try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: pem.key)
        let baseURL = try #require(await standIn.baseURL)
        #expect(baseURL.absoluteString == "https://127.0.0.1:\(port)")
        let sender = try APNsSender(
            certificate: certificate,
            configuration: .init(endpoint: try APNsEndpoint(baseURL: baseURL), trustRoots: [standIn.trustRoot])
        )

        let outcome = await sender.push(PushTarget(token: LoopbackAPNs.token(18), pushMagic: "magic"))

        #expect(outcome.isDelivered)
        await sender.shutdown()
        await standIn.stop()
    }

    @Test func refusesPushesAfterShutdown() async throws {
        let apns = try await LoopbackAPNs()
        let sender = try apns.sender()
        await sender.shutdown()

        let outcome = await sender.push(PushTarget(token: LoopbackAPNs.token(17), pushMagic: "magic"))

        #expect(outcome.failure == .senderShutDown)
        await apns.stop()
    }

    @Test func refusesToStartWithAnExpiredCertificateOrAPlaintextEndpoint() async throws {
        let apns = try await LoopbackAPNs()
        let pem = try apns.pki.pushCertificatePEM(notValidBefore: Date().addingTimeInterval(-7200), notValidAfter: Date().addingTimeInterval(-3600))
        let expired = try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: pem.key, allowExpired: true)

        #expect(throws: APNsSenderError.self) {
            try APNsSender(certificate: expired, configuration: apns.senderConfiguration())
        }
        #expect(throws: APNsSenderError.endpointNotHTTPS("http://127.0.0.1:1")) {
            try APNsEndpoint(baseURL: URL(string: "http://127.0.0.1:1")!)
        }
        await apns.stop()
    }
}
