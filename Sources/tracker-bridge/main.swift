print("tracker-bridge: under construction")
