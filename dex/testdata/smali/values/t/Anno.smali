.class public interface abstract annotation Lt/Anno;
.super Ljava/lang/Object;
.implements Ljava/lang/annotation/Annotation;

.method public abstract value()Ljava/lang/String;
.end method
