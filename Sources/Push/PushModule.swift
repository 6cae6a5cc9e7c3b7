/// The Push module; see ARCHITECTURE.md.
enum PushModule {}
