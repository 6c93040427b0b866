.class public Lcase/Sanit;
.super Ljava/lang/Object;

# a hash of an identifier is still an identifier: hashCode() and a
# MessageDigest digest leak
.method public static hashed()V
    .registers 4
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    invoke-virtual {v0}, Ljava/lang/String;->hashCode()I
    move-result v1
    invoke-static {v1}, Lt/Snk;->sendHash(I)V
    const-string v2, "SHA-256"
    invoke-static {v2}, Ljava/security/MessageDigest;->getInstance(Ljava/lang/String;)Ljava/security/MessageDigest;
    move-result-object v2
    invoke-virtual {v0}, Ljava/lang/String;->getBytes()[B
    move-result-object v3
    invoke-virtual {v2, v3}, Ljava/security/MessageDigest;->update([B)V
    invoke-virtual {v2}, Ljava/security/MessageDigest;->digest()[B
    move-result-object v3
    invoke-static {v3}, Lt/Snk;->sendDigest([B)V
    return-void
.end method

# a length is not user data: no flow
.method public static length()V
    .registers 2
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    invoke-virtual {v0}, Ljava/lang/String;->length()I
    move-result v1
    invoke-static {v1}, Lt/Snk;->sendLength(I)V
    return-void
.end method
