import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PalisadeCore

/// Talks to a core's admin API for the CLI's client commands.
struct AdminClient {
    let baseURL: URL
    let token: String

    /// Sends a request and returns the parsed JSON body (`.null` for 204). Errors from the API come back as the
    /// server's own `detail` text.
    /// Fetches a non-JSON resource (a profile) and returns its bytes.
    func download(_ path: String, query: [String: String] = [:]) async throws -> Data {
        var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        components.queryItems = query.isEmpty ? nil : query.map { URLQueryItem(name: $0.key, value: $0.value) }
        var request = URLRequest(url: components.url!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw CLIError("cannot reach the admin API at \(baseURL): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let detail = (try? JSONValue.decode(data))?["detail"]?.stringValue ?? String(decoding: data, as: UTF8.self)
            throw CLIError("the admin API answered \(status): \(detail)")
        }
        return data
    }

    func send(_ method: String, _ path: String, query: [String: String?] = [:], body: JSONValue? = nil) async throws -> JSONValue {
        guard var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false) else {
            throw CLIError("bad admin API URL \(baseURL)")
        }
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }.sorted { $0.name < $1.name }
        components.queryItems = items.isEmpty ? nil : items
        guard let url = components.url else { throw CLIError("bad admin API URL \(baseURL)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = body.encoded()
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw CLIError("cannot reach the admin API at \(baseURL): \(error.localizedDescription). Is the core running? (--url or PALISADE_URL)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let parsed = data.isEmpty ? JSONValue.null : ((try? JSONValue.decode(data)) ?? .string(String(decoding: data, as: UTF8.self)))
        guard (200..<300).contains(status) else {
            let detail = parsed["detail"]?.stringValue
            if status == 401 { throw CLIError("the admin API refused the token (401): \(detail ?? "") (--token or PALISADE_TOKEN)") }
            throw CLIError("the admin API answered \(status): \(detail ?? String(decoding: data, as: UTF8.self))")
        }
        return parsed
    }
}
