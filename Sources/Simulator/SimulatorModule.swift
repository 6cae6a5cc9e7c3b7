/// The Simulator module; see ARCHITECTURE.md.
enum SimulatorModule {}
