/// The HTML a browser-style sign-in answer carries (203 Non-Authoritative Information, or after a 302).
enum SignInPage {
    static func html(collectionURL: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en-US">
        <head><meta charset="utf-8"><title>Sign In</title></head>
        <body>
        <div id="signin">
        <h1>Sign in to continue to Azure DevOps</h1>
        <p>Your session for \(collectionURL) has ended or your credentials were not accepted.</p>
        <form method="post" action="\(collectionURL)/_signin"><input type="email" name="login"></form>
        </div>
        </body>
        </html>
        """
    }
}
