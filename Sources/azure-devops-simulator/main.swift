print("azure-devops-simulator: under construction")
