import Foundation

/// The captures and hostile documents copied into the test bundle (`resources: [.copy("Fixtures")]`).
enum FixtureFiles {
    static var directory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures", isDirectory: true)
    }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// A `.txt` beside a capture: one `Key<TAB>Value` pair a line.
    static func expectations(_ name: String) throws -> [String: String] {
        let text = String(decoding: try data(name), as: UTF8.self)
        var pairs: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            pairs[String(parts[0])] = String(parts[1])
        }
        return pairs
    }

    static var attackFiles: [URL] {
        let folder = directory.appendingPathComponent("xml-attacks", isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Wraps a fragment in the header Apple's writers emit.
    static func plist(_ inner: String) -> Data {
        Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            \(inner)
            </plist>

            """.utf8)
    }
}
