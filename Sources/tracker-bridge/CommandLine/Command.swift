/// What the command line asks the process to do.
enum Command {
    case serve(ServeOptions)
    case help
    case version
}
