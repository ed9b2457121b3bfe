/// The text printed by `--help`.
enum Usage {
    static let text = """
        tracker-bridge \(TrackerBridgeVersion.current): bridges vulnerability findings and Azure DevOps work items \
        over JSON-RPC 2.0.

        Usage:
          tracker-bridge serve [options]
          tracker-bridge --help | --version

        Listening:
          --socket PATH              Unix socket for JSON-RPC (env TRACKER_BRIDGE_SOCKET;
                                     default var/tracker-bridge.sock under the working directory)
          --socket-mode MODE         permission bits of the socket file, octal (default 0600)
          --listen HOST:PORT         also accept JSON-RPC over TCP; loopback addresses only
          --allow-remote             allow --listen / --webhook-listen on a non-loopback address;
                                     requires --auth-token-file
          --auth-token-file PATH     token every TCP connection must present with rpc.authenticate;
                                     the file must be mode 0600 and hold at least 16 characters
          --webhook-listen HOST:PORT HTTP listener for Azure DevOps service hooks (off by default)
          --public-url URL           base URL the tracker reaches the webhook listener at
          --sync-interval SECONDS    also pull the state of every linked work item this often
                                     (two-way configurations; off by default, at least 60)

        State:
          --database PATH            SQLite database (env TRACKER_BRIDGE_DATABASE;
                                     default var/tracker-bridge.sqlite3)
          --secret-key-file PATH     key that encrypts tokens at rest, created with mode 0600 on first
                                     start (default var/tracker-bridge.key)
          --schema PATH              OpenRPC document served by rpc.discover (default: the
                                     Schema/tracker-bridge.openrpc.json of the package the binary was
                                     built from, or of the working directory)

        Behaviour:
          --log-level LEVEL          trace, debug, info, notice, warning, error or critical (default info);
                                     logs go to standard error
          --max-message-bytes N      longest accepted JSON-RPC message in bytes (default 4194304)
          --shutdown-grace-ms N      on SIGINT or SIGTERM, how long calls in flight may take to finish
                                     before they are cancelled (default 10000)

        Exit status: 0 after a clean shutdown, 1 when the server cannot start, 2 on a usage error.
        """
}
