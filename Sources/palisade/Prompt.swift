import Foundation

/// Asks a yes/no question on the terminal; anything but y or yes is no.
enum Prompt {
    static func confirm(_ question: String) -> Bool {
        Output.line(question + " [y/N] ")
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }
}
