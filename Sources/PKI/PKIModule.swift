/// The PKI module; see ARCHITECTURE.md.
enum PKIModule {}
