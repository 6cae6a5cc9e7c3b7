/// The AppleMDM module; see ARCHITECTURE.md.
enum AppleMDMModule {}
