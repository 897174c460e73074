package dev.portway.server;

/** Placeholder entry point; replaced by the foundation work. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("portway");
  }
}
