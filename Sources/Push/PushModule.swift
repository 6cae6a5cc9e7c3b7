/// The Push module; see ARCHITECTURE.md at the repository root.
enum PushModule {}
