import Foundation
import PalisadeCore
@testable import Storage
import Testing

@Suite struct EnrollmentLinkStoreConformanceTests {
    static func link(_ id: String, uses: Int, expiresAt: Date = day(30)) -> EnrollmentLink {
        EnrollmentLink(id: id, platform: .ios, ownership: .corporate, maximumUses: uses, createdAt: epoch, expiresAt: expiresAt)
    }

    /// A challenge minted at `at`, valid for an hour.
    static func challenge(_ digest: String, of linkID: String, at: Date = day(1)) -> EnrollmentLinkChallenge {
        EnrollmentLinkChallenge(digest: digest, linkID: linkID, issuedAt: at, expiresAt: at.addingTimeInterval(3600))
    }

    static func minted(_ mint: EnrollmentLinkMint) -> EnrollmentLink? {
        if case .minted(let link) = mint { return link }
        return nil
    }

    @Test(arguments: Backend.available)
    func eachSpentChallengeTakesOneUseUntilTheLinkIsUsedUp(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            try await store.createEnrollmentLink(Self.link("link-1", uses: 2))
            #expect(Self.minted(try await store.mintLinkChallenge(Self.challenge("a", of: "link-1")))?.downloads == 1)
            #expect(Self.minted(try await store.mintLinkChallenge(Self.challenge("b", of: "link-1")))?.downloads == 2)
            #expect(Self.minted(try await store.mintLinkChallenge(Self.challenge("c", of: "link-1")))?.downloads == 3)

            let first = try #require(try await store.spendLinkChallenge(digest: "a", at: day(1)))
            #expect(first.uses == 1 && first.usesLeft == 1)
            #expect(try await store.spendLinkChallenge(digest: "a", at: day(1)) == nil, "a challenge is spent once")
            #expect(try await store.spendLinkChallenge(digest: "unknown", at: day(1)) == nil)
            #expect(try await store.spendLinkChallenge(digest: "b", at: day(1))?.uses == 2)
            #expect(try await store.spendLinkChallenge(digest: "c", at: day(1)) == nil, "the third device finds the link used up")

            let stored = try #require(try await store.enrollmentLink("link-1"))
            #expect(stored.uses == 2 && stored.downloads == 3 && stored.state(at: day(1)) == .usedUp)
            #expect(try await store.mintLinkChallenge(Self.challenge("d", of: "link-1")) == .closed(stored, .usedUp))
            #expect(try await store.mintLinkChallenge(Self.challenge("e", of: "no-such-link")) == .unknown)
        }
    }

    @Test(arguments: Backend.available)
    func outstandingChallengesAreBoundedAndExpiredOnesMakeRoom(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            // One use left allows two challenges waiting at once.
            try await store.createEnrollmentLink(Self.link("link-1", uses: 1))
            #expect(Self.minted(try await store.mintLinkChallenge(Self.challenge("a", of: "link-1"))) != nil)
            #expect(Self.minted(try await store.mintLinkChallenge(Self.challenge("b", of: "link-1"))) != nil)
            guard case .saturated(let full) = try await store.mintLinkChallenge(Self.challenge("c", of: "link-1")) else {
                Issue.record("a third outstanding challenge was minted")
                return
            }
            #expect(full.downloads == 2, "a refused download is not counted")
            // An hour later both have expired: they no longer spend, and a download mints again.
            let later = day(1).addingTimeInterval(3600)
            #expect(try await store.spendLinkChallenge(digest: "a", at: later) == nil)
            #expect(Self.minted(try await store.mintLinkChallenge(Self.challenge("c", of: "link-1", at: later)))?.downloads == 3)
            #expect(try await store.spendLinkChallenge(digest: "c", at: later)?.uses == 1)
        }
    }

    @Test(arguments: Backend.available)
    func aRevokedLinkMintsNothingAndItsOutstandingChallengesStopWorking(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            try await store.createEnrollmentLink(Self.link("link-1", uses: 5))
            _ = try await store.mintLinkChallenge(Self.challenge("a", of: "link-1"))
            let revoked = try #require(try await store.revokeEnrollmentLink("link-1", at: day(2)))
            #expect(revoked.revokedAt == day(2) && revoked.state(at: day(2)) == .revoked)
            #expect(try await store.spendLinkChallenge(digest: "a", at: day(2)) == nil)
            #expect(try await store.mintLinkChallenge(Self.challenge("b", of: "link-1", at: day(2))) == .closed(revoked, .revoked))
            #expect(try await store.revokeEnrollmentLink("link-1", at: day(3))?.revokedAt == day(2), "the first revocation stands")
            #expect(try await store.revokeEnrollmentLink("no-such-link", at: day(3)) == nil)
            #expect(try await store.enrollmentLink("link-1")?.uses == 0)
        }
    }

    @Test(arguments: Backend.available)
    func anExpiredLinkMintsNothingAndRefusesChallengesItMintedBefore(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let expiry = day(1).addingTimeInterval(600)
            try await store.createEnrollmentLink(Self.link("link-1", uses: 5, expiresAt: expiry))
            _ = try await store.mintLinkChallenge(Self.challenge("a", of: "link-1"))
            // The challenge itself is good for an hour; the link's end comes first.
            #expect(try await store.spendLinkChallenge(digest: "a", at: expiry) == nil)
            let stored = try #require(try await store.enrollmentLink("link-1"))
            #expect(try await store.mintLinkChallenge(Self.challenge("b", of: "link-1", at: expiry)) == .closed(stored, .expired))
            #expect(stored.uses == 0)
        }
    }

    @Test(arguments: Backend.available)
    func devicesRacingForTheLastUseLeaveOneWinner(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            try await store.createEnrollmentLink(Self.link("link-1", uses: 5))
            for index in 0..<10 { _ = try await store.mintLinkChallenge(Self.challenge("c\(index)", of: "link-1")) }
            for index in 0..<4 { #expect(try await store.spendLinkChallenge(digest: "c\(index)", at: day(1)) != nil) }
            // Six devices, each with its own challenge, and two more with the same one, race for the fifth use.
            let digests = (4..<10).map { "c\($0)" } + ["c4", "c4"]
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for digest in digests { group.addTask { try await store.spendLinkChallenge(digest: digest, at: day(1)) != nil } }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(winners == 1)
            let stored = try #require(try await store.enrollmentLink("link-1"))
            #expect(stored.uses == 5 && stored.state(at: day(1)) == .usedUp)
        }
    }

    @Test(arguments: Backend.available)
    func linksAreListedNewestFirst(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            var older = Self.link("older", uses: 1)
            older.createdAt = day(-1)
            try await store.createEnrollmentLink(older)
            try await store.createEnrollmentLink(Self.link("newer", uses: 200))
            #expect(try await store.enrollmentLinks().map(\.id) == ["newer", "older"])
            #expect(try await store.enrollmentLink("newer") == Self.link("newer", uses: 200))
        }
    }
}
