// /api/auth/* — next-auth's own routes: sign-in, sign-out, session, CSRF token.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/console/auth.ts";

type Context = { params: Promise<{ nextauth: string[] }> };

const handler = (request: NextRequest, context: Context): Promise<Response> => NextAuth(request, context, authOptions());

export { handler as GET, handler as POST };
