import Foundation
import PalisadeCore
import Storage
import Testing

@Suite struct AdministratorStoreConformanceTests {
    @Test(arguments: Backend.available)
    func tokensResolveToTheirAdministratorAndCanBeRevoked(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let alice = Administrator(name: "alice", role: .operator, createdAt: epoch)
            try await store.createAdministrator(alice)
            let clash = await #expect(throws: StoreError.self) {
                try await store.createAdministrator(Administrator(name: "alice", role: .viewer, createdAt: epoch))
            }
            #expect(clash?.caseName == "conflict")
            #expect(try await store.administrators() == [alice])
            #expect(try await store.administrator(alice.id) == alice)

            let token = APIToken(administratorID: alice.id, label: "ci", digest: String(repeating: "ab", count: 32), createdAt: epoch, expiresAt: day(30))
            try await store.createToken(token)
            let found = try #require(try await store.token(digest: token.digest))
            #expect(found.token == token)
            #expect(found.administrator == alice)
            #expect(try await store.token(digest: String(repeating: "cd", count: 32)) == nil)

            try await store.markTokenUsed(token.id, at: day(2))
            #expect(try await store.token(digest: token.digest)?.token.lastUsedAt == day(2))
            try await store.revokeToken(token.id, at: day(3))
            let revoked = try #require(try await store.token(digest: token.digest)?.token)
            #expect(revoked.isUsable(at: day(4)) == false)
            #expect((await #expect(throws: StoreError.self) { try await store.revokeToken(token.id, at: day(5)) })?.caseName == "notFound")

            let orphan = APIToken(administratorID: UUID(), label: "x", digest: "00", createdAt: epoch)
            #expect((await #expect(throws: StoreError.self) { try await store.createToken(orphan) })?.caseName == "notFound")
        }
    }
}
