.class public Lcase/Loop;
.super Ljava/lang/Object;

# the source is appended in a loop; the sink is after the loop: leak
.method public static run(I)V
    .registers 5
    new-instance v0, Ljava/lang/StringBuilder;
    invoke-direct {v0}, Ljava/lang/StringBuilder;-><init>()V
    const/4 v1, 0x0
    :loop
    if-ge v1, p0, :done
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v0, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :done
    invoke-virtual {v0}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    invoke-static {v3}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
