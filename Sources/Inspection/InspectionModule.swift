/// The Inspection module; see ARCHITECTURE.md.
enum InspectionModule {}
