/// Reads the `releases` list from the YAML front matter of an endoflife.date product file (`products/pixel.md`).
///
/// Not a YAML parser: the front matter's `releases` block is a list of flat `key: value` maps, and that is all
/// this reads. Scalars may be quoted, and `#` starts a comment outside quotes. Nested blocks inside an entry are
/// skipped. A file without front matter or without `releases`, or an entry without `releaseCycle` or with an
/// `eol` that is neither a date nor a boolean, is refused with the line it was found on.
public enum EndOfLifeProductFile {
    public static func releases(in text: String) throws(CatalogueSourceError) -> [EndOfLifeRelease] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard lines.first.map({ $0.trimmingTrailingSpaces == "---" }) == true else { throw .malformed("no front matter (the file must start with ---)") }
        var releases: [EndOfLifeRelease] = []
        var entry: [String: Scalar]?
        var entryLine = 0
        var inReleases = false
        var entryIndent = -1
        var sawReleases = false

        func finish() throws(CatalogueSourceError) {
            guard let fields = entry else { return }
            entry = nil
            guard case .text(let cycle)? = fields["releaseCycle"] else { throw .malformed("line \(entryLine): a release without releaseCycle") }
            let released: CalendarDay?
            switch fields["releaseDate"] {
            case .text(let text)?:
                do { released = try CalendarDay(parsing: text) } catch { throw .malformed("line \(entryLine): releaseDate \(error)") }
            default: released = nil
            }
            let support: SupportEnd
            switch fields["eol"] {
            case .flag(let ended)?: support = ended ? .endedUndated : .openEnded
            case .text(let text)?:
                do { support = .on(try CalendarDay(parsing: text)) } catch { throw .malformed("line \(entryLine): eol \(error)") }
            case .none, .null?: support = .openEnded
            }
            let discontinued: Bool?
            switch fields["discontinued"] {
            case .flag(let value)?: discontinued = value
            case .text?: discontinued = true  // a date: discontinued on that day
            default: discontinued = nil
            }
            var label: String?
            if case .text(let text)? = fields["releaseLabel"] { label = text }
            releases.append(EndOfLifeRelease(cycle: cycle, label: label, released: released, securitySupport: support, discontinued: discontinued))
        }

        for (offset, rawLine) in lines.enumerated().dropFirst() {
            let line = Substring(rawLine)
            if line.trimmingTrailingSpaces == "---" { break }
            let content = Self.stripComment(line)
            if content.allSatisfy(\.isWhitespace) { continue }
            let indent = content.prefix { $0 == " " }.count
            if indent == 0 {
                try finish()
                inReleases = content.trimmingTrailingSpaces == "releases:"
                sawReleases = sawReleases || inReleases
                entryIndent = -1
                continue
            }
            guard inReleases else { continue }
            var body = content.dropFirst(indent)
            if body.hasPrefix("- ") {
                try finish()
                entry = [:]
                entryLine = offset + 1
                body = body.dropFirst(2)
                entryIndent = indent + 2
            } else if indent != entryIndent {
                continue  // a nested block or a list inside the entry: not needed
            }
            guard entry != nil, let colon = body.firstIndex(of: ":") else { continue }
            let key = String(body[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            entry?[key] = Scalar(value)
        }
        try finish()
        guard sawReleases else { throw .malformed("no releases list in the front matter") }
        return releases
    }

    enum Scalar: Equatable {
        case text(String)
        case flag(Bool)
        case null

        init(_ raw: String) {
            if raw.count >= 2, let first = raw.first, first == "\"" || first == "'", raw.last == first {
                self = .text(String(raw.dropFirst().dropLast()))
                return
            }
            switch raw {
            case "", "~", "null", "Null", "NULL": self = .null
            case "true", "True", "TRUE": self = .flag(true)
            case "false", "False", "FALSE": self = .flag(false)
            default: self = .text(raw)
            }
        }
    }

    /// The line without a trailing `# comment` (a `#` inside quotes, or not after a space, is kept).
    static func stripComment(_ line: Substring) -> Substring {
        var quote: Character?
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", previous == " " {
                return line[..<index]
            }
            previous = character
        }
        return line
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[startIndex..<end]
    }
}
