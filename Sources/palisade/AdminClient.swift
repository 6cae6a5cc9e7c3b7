import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import PalisadeCore

/// Talks to a core's admin API for the CLI's client commands, over HTTPS when the URL says so, trusting the
/// system's roots or, with `caFile`, the CA a core wrote (`palisade-ca.pem` in its data directory).
struct AdminClient {
    let baseURL: URL
    let token: String
    /// PEM file of the CA the admin API's certificate chains to; `nil` trusts the system's roots.
    var caFile: String?

    /// The largest answer read: a page of a thousand devices or an audit listing fits many times over.
    static let responseLimit = 64 << 20

    /// Fetches a non-JSON resource (a profile) and returns its bytes.
    func download(_ path: String, query: [String: String] = [:]) async throws -> Data {
        var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        components.queryItems = query.isEmpty ? nil : query.map { URLQueryItem(name: $0.key, value: $0.value) }
        let (status, data) = try await perform("GET", components.url!, body: nil)
        guard (200..<300).contains(status) else {
            let detail = (try? JSONValue.decode(data))?["detail"]?.stringValue ?? String(decoding: data, as: UTF8.self)
            throw CLIError("the admin API answered \(status): \(detail)")
        }
        return data
    }

    /// Sends a request and returns the parsed JSON body (`.null` for 204). Errors from the API come back as the
    /// server's own `detail` text.
    func send(_ method: String, _ path: String, query: [String: String?] = [:], body: JSONValue? = nil) async throws -> JSONValue {
        guard var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false) else {
            throw CLIError("bad admin API URL \(baseURL)")
        }
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }.sorted { $0.name < $1.name }
        components.queryItems = items.isEmpty ? nil : items
        guard let url = components.url else { throw CLIError("bad admin API URL \(baseURL)") }
        let (status, data) = try await perform(method, url, body: body?.encoded())
        let parsed = data.isEmpty ? JSONValue.null : ((try? JSONValue.decode(data)) ?? .string(String(decoding: data, as: UTF8.self)))
        guard (200..<300).contains(status) else {
            let detail = parsed["detail"]?.stringValue
            if status == 401 { throw CLIError("the admin API refused the token (401): \(detail ?? "") (--token or PALISADE_TOKEN)") }
            throw CLIError("the admin API answered \(status): \(detail ?? String(decoding: data, as: UTF8.self))")
        }
        return parsed
    }

    /// One request on a client of its own, closed before returning: the CLI makes a handful of calls a run.
    private func perform(_ method: String, _ url: URL, body: Data?) async throws -> (status: Int, body: Data) {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let caFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw CLIError("cannot read the CA file \(caFile) (--ca-file or PALISADE_CA_FILE): \(error)")
            }
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .init(rawValue: method)
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Accept", value: "application/json")
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(data: body))
            }
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: .seconds(60))
            } catch {
                let hint = url.scheme == "https" && caFile == nil
                    ? " A core using Palisade's CA needs it trusted: --ca-file <data dir>/palisade-ca.pem (or PALISADE_CA_FILE)." : ""
                throw CLIError("cannot reach the admin API at \(baseURL): \(error). Is the core running? (--url or PALISADE_URL)\(hint)")
            }
            let data = Data(buffer: try await response.body.collect(upTo: Self.responseLimit))
            try await client.shutdown()
            return (Int(response.status.code), data)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
