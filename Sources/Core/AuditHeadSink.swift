import Foundation
import Logging
import NIOCore
import NIOPosix
import PalisadeCore
import ServiceLifecycle

/// Sends the audit chain head out of the database every `interval` when it has moved: to an append-only file, or as
/// an RFC 5424 message over TCP (RFC 6587 octet counting) to a syslog collector. With a copy of the head held
/// elsewhere, `palisade audit verify --expect` catches a table that was cut short or rewritten wholesale.
public struct AuditHeadSink: Service {
    /// Where heads go.
    public enum Destination: Sendable, Equatable, CustomStringConvertible {
        case file(String)
        case syslog(host: String, port: Int)

        /// `file:/var/log/palisade/audit-heads.log` or `syslog+tcp://collector.internal:601`.
        public init(_ text: String) throws(ConfigurationError) {
            if text.hasPrefix("file:") {
                let path = String(text.dropFirst("file:".count))
                guard path.hasPrefix("/") else { throw ConfigurationError("audit.sink: a file sink needs an absolute path (file:/var/log/...)") }
                self = .file(path)
            } else if text.hasPrefix("syslog+tcp://"), let url = URL(string: text), let host = url.host, let port = url.port {
                self = .syslog(host: host, port: port)
            } else {
                throw ConfigurationError("audit.sink must be file:/absolute/path or syslog+tcp://host:port, not '\(text)'")
            }
        }

        public var description: String {
            switch self {
            case .file(let path): "file:\(path)"
            case .syslog(let host, let port): "syslog+tcp://\(host):\(port)"
            }
        }
    }

    let destination: Destination
    let audit: any AuditLog
    let interval: Duration
    let logger: Logger
    let hostname: String

    public init(destination: Destination, audit: any AuditLog, interval: Duration, logger: Logger) {
        self.destination = destination
        self.audit = audit
        self.interval = interval
        self.logger = logger
        hostname = ProcessInfo.processInfo.hostName.isEmpty ? "-" : ProcessInfo.processInfo.hostName
    }

    public func run() async throws {
        // Cancelled on graceful shutdown, so a long interval's sleep does not hold the core up.
        try? await cancelWhenGracefulShutdown {
            var sent: AuditChainHead?
            while !Task.isCancelled {
                if let head = try? await audit.auditChainHead(), head != sent {
                    do {
                        try await deliver(head, at: Date())
                        sent = head
                    } catch {
                        logger.warning("cannot send the audit chain head", metadata: ["sink": "\(destination)", "error": "\(error)"])
                    }
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Writes one head to the destination.
    func deliver(_ head: AuditChainHead, at date: Date) async throws {
        let time = date.formatted(.iso8601.year().month().day().timeZone(separator: .omitted).time(includingFractionalSeconds: true).dateTimeSeparator(.standard))
        switch destination {
        case .file(let path):
            let line = "\(time) audit-head sequence=\(head.sequence) hash=\(head.hash)\n"
            let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
            guard descriptor >= 0 else { throw ConfigurationError("cannot open \(path) for appending") }
            defer { close(descriptor) }
            let written = line.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
            guard written == line.utf8.count else { throw ConfigurationError("cannot append to \(path)") }
        case .syslog(let host, let port):
            let message = Self.syslogMessage(head, time: time, hostname: hostname)
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(5)).connect(host: host, port: port).get()
            defer { channel.close(promise: nil) }
            try await channel.writeAndFlush(ByteBuffer(string: "\(message.utf8.count) \(message)")).get()
        }
    }

    /// RFC 5424: facility log audit (13), severity informational (6); the head as structured data under the
    /// documentation enterprise number.
    static func syslogMessage(_ head: AuditChainHead, time: String, hostname: String) -> String {
        "<110>1 \(time) \(hostname) palisade - audit-head [palisade@32473 sequence=\"\(head.sequence)\" hash=\"\(head.hash)\"] audit chain head"
    }
}
