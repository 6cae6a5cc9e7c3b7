import Crypto
import Foundation
import PalisadeCore

/// The audit log's hash chain: each event's hash covers the previous event's hash and every stored field of its
/// own, exactly as stored (microseconds, the actor's text, the detail's JSON text), so editing, deleting or
/// reordering any row changes every hash after it. Pure: the same rows always give the same hashes.
public enum AuditChain {
    /// What the first event chains to.
    public static let genesis = String(repeating: "0", count: 64)

    /// One event as stored.
    public struct Link: Sendable, Hashable {
        public var sequence: Int64
        public var atMicroseconds: Int64
        public var actor: String
        public var action: String
        public var target: String?
        public var detail: String
        /// The hash stored with it (`nil` for rows written before the chain existed and not yet chained).
        public var hash: String?
    }

    /// SHA-256, hex, over the previous hash and the fields, each length-prefixed so no two field lists collide.
    public static func hash(of link: Link, after previous: String) -> String {
        var hasher = SHA256()
        func field(_ bytes: some Collection<UInt8>) {
            var length = UInt32(bytes.count).bigEndian
            withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
            hasher.update(data: Array(bytes))
        }
        field(Array(previous.utf8))
        field(Array(String(link.sequence).utf8))
        field(Array(String(link.atMicroseconds).utf8))
        field(Array(link.actor.utf8))
        field(Array(link.action.utf8))
        // A missing target and an empty one differ.
        field(link.target.map { [1] + Array($0.utf8) } ?? [0])
        field(Array(link.detail.utf8))
        return Hex.encode(Array(hasher.finalize()))
    }

    /// Walks `links` (in sequence order) from `previous`, and reports the first link whose stored hash is not what
    /// its predecessors and fields give, or that lacks one.
    public static func verify(_ links: [Link], after previous: String = genesis) -> (head: AuditChainHead?, broken: AuditChainBreak?) {
        var previousHash = previous
        var head: AuditChainHead?
        for link in links {
            let expected = hash(of: link, after: previousHash)
            guard let stored = link.hash else {
                return (head, AuditChainBreak(sequence: link.sequence, reason: "the event has no hash"))
            }
            guard stored == expected else {
                return (head, AuditChainBreak(
                    sequence: link.sequence,
                    reason: "the event's hash does not follow from it and the event before it: it, or one before it, was edited, removed or reordered"
                ))
            }
            previousHash = stored
            head = AuditChainHead(sequence: link.sequence, hash: stored)
        }
        return (head, nil)
    }
}
