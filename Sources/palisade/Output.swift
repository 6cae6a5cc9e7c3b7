import Foundation

/// Writes to standard output unbuffered, so that a supervisor or a script reading a pipe sees each line at once.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

/// A failure of a command, told to the user in one line, with what to do next.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
