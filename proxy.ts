// Next.js runs this before every console page (it must live at the root): without a valid
// session — none, or one past its eight hours — the reader goes to the sign-in page, which brings
// them back to where they were. The pages check again (lib/console/session.ts); the BFF route
// under /api answers 401 itself, so the browser's data calls are left alone here.
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { consoleSettings } from "./lib/console/settings.ts";

export async function proxy(request: NextRequest): Promise<NextResponse> {
  if (await getToken({ req: request, secret: consoleSettings().NEXTAUTH_SECRET })) return NextResponse.next();
  const login = request.nextUrl.clone();
  login.pathname = "/login";
  login.search = "";
  if (request.nextUrl.pathname !== "/") login.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything but the sign-in page, API routes, Next.js's own files and the icon.
  matcher: ["/((?!login|api/|_next/|icon\\.svg|favicon\\.ico).*)"],
};
