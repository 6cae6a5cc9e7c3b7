import Foundation

/// One `-----BEGIN <label>----- … -----END <label>-----` block cut out of a PEM file.
///
/// PEM files from the field carry more than one block (certificate plus chain, `EC PARAMETERS` before an
/// EC key, a key and certificate in one file), so callers pick blocks by label rather than trusting the
/// file to hold exactly one thing.
struct PEMBlock: Sendable {
    let label: String
    /// The block re-emitted on its own, as text parsers expect.
    let text: String
    /// The decoded payload; empty when the block had headers (legacy encrypted PEM) or bad base64.
    let der: [UInt8]
    /// True for legacy `Proc-Type: 4,ENCRYPTED` blocks.
    let hasHeaders: Bool

    static func blocks(in text: String) -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var label: String?
        var body: [String] = []
        var hasHeaders = false
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let current = label {
                if line == "-----END \(current)-----" {
                    let base64 = body.joined()
                    let der = hasHeaders ? [] : (Data(base64Encoded: base64).map(Array.init) ?? [])
                    let wrapped = stride(from: 0, to: base64.count, by: 64).map { start -> String in
                        let from = base64.index(base64.startIndex, offsetBy: start)
                        let to = base64.index(from, offsetBy: min(64, base64.count - start))
                        return String(base64[from..<to])
                    }
                    let text = (["-----BEGIN \(current)-----"] + wrapped + ["-----END \(current)-----", ""]).joined(separator: "\n")
                    blocks.append(PEMBlock(label: current, text: text, der: der, hasHeaders: hasHeaders))
                    label = nil
                } else if line.contains(":") {
                    hasHeaders = true
                } else {
                    body.append(line)
                }
            } else if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                label = String(line.dropFirst("-----BEGIN ".count).dropLast("-----".count))
                body = []
                hasHeaders = false
            }
        }
        return blocks
    }
}
